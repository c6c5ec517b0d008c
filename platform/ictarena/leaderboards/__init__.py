"""Practice points and the boards that rank them: the points a task is worth, the ledger of
points earned and the per-board totals, kept up to date when a judging is recorded."""
