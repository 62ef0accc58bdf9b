"""The elections' rows, part committee (stub until its pages are written)."""

from ..policy_rows import row

NOT_FOUND = row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
PUBLIC_ENDPOINTS = {"elections.committee"}
ROWS = {("elections.committee", "GET"): ("/committee", {}, NOT_FOUND)}
