"""The elections' rows, part space (stub until its pages are written)."""

from ..policy_rows import row

NOT_FOUND = row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
PUBLIC_ENDPOINTS = {"elections.space"}
ROWS = {("elections.space", "GET"): ("/committee/space", {}, NOT_FOUND)}
