"""Outcome metrics, dashboards, exports and the printable programme report."""
