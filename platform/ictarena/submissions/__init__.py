"""Submissions, judgings, runs, per-student score cache and rejudgings."""
