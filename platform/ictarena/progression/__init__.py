"""A student's tier per track and coach-approved promotions."""
