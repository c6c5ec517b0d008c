"""Mock competitions: contests with timed rounds, participations and scoreboards."""
