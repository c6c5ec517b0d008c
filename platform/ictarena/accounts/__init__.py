"""Users, roles, sessions, cohorts and invite codes."""
