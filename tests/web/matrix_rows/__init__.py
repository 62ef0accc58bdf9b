"""The features' own rows of the policy matrix, one module per feature.

Each module here may define:

- `ROWS`: {(endpoint, method): (url, form data, expected)} with the expected rows of
  `tests.web.policy_rows` (or `row(...)` for its own);
- `PUBLIC_ENDPOINTS`: the endpoints it serves to anyone, unguarded;
- `world(ids, people, make_org, make_user)`: adds the records its URLs are about to
  the matrix's world (organisation A is `ids["org_id"]`, the viewers' users are
  `people[name]`), commits, and returns the ids its URLs name, e.g.
  {"position_id": 3}.

`test_policy_matrix` merges them; a route still fails there without a row.
"""

import importlib
import pkgutil

MODULES = [
    importlib.import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
]

ROWS = {}
PUBLIC_ENDPOINTS = set()
for _module in MODULES:
    _clash = set(ROWS) & set(getattr(_module, "ROWS", {}))
    assert not _clash, f"rows given twice: {sorted(_clash)}"
    ROWS.update(getattr(_module, "ROWS", {}))
    PUBLIC_ENDPOINTS |= set(getattr(_module, "PUBLIC_ENDPOINTS", ()))


def build_world(ids, people, make_org, make_user):
    """Every feature's part of the world; the ids their URLs name."""
    added = {}
    for module in MODULES:
        if hasattr(module, "world"):
            added.update(module.world(ids, people, make_org, make_user) or {})
    return added
