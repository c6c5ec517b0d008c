"""The practice catalogue: tracks, tiers, modules, tasks and their datasets."""
