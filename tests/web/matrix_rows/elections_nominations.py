"""The elections' rows, part nominations (stub until its pages are written)."""

from ..policy_rows import row

NOT_FOUND = row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
PUBLIC_ENDPOINTS = {"elections.election"}
ROWS = {("elections.election", "GET"): ("/elections/999999", {}, NOT_FOUND)}
