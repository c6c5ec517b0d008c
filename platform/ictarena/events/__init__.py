"""The append-only event log (feeds live pages) and the audit log."""
