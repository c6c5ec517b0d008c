"""Background work: the job queue backends, the judge and platform worker processes."""
