"""One way to read a page number from the query string and to paginate a query.

Pages are bounded: junk is page 1, huge numbers are capped; a page past the end is
empty. `templates/_macros/pagination.html` draws the links.
"""

from flask import request

from ..db import db

# Far past any real list, far below what SQL can OFFSET (2^63 overflows it).
MAX_PAGE = 10_000


def page_arg(name="page"):
    """The page asked for in the query string: junk is 1, huge values are capped."""
    value = request.args.get(name, 1, type=int)
    return min(max(value or 1, 1), MAX_PAGE)


def paginate(query, page, per_page):
    """One page of `query`; a page past the end is empty rather than an error."""
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
