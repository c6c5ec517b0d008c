"""Background work: the job queue interface, its backends, and the worker processes."""
