"""ictarena: the ICT Arena platform (web app, domain services, workers, command line)."""

__version__ = "0.1.0"
