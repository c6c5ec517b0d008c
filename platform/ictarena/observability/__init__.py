"""What operators see of a running process: Prometheus metrics, structured logs, readiness.

Imported by every layer (web, workers, domain), so it imports none of them.
"""
