"""The elections' rows, part record (stub until its pages are written)."""

from ..policy_rows import row

NOT_FOUND = row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
PUBLIC_ENDPOINTS = {"elections.record"}
ROWS = {("elections.record", "GET"): ("/elections/999999/record", {}, NOT_FOUND)}
