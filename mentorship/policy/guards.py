"""The one way a view guards itself.

`@requires(question)`: the page is reserved to people for whom `question(user)` is
true. Anonymous visitors are sent to log in; other signed-in people get 403.
`@requires()` only asks to be signed in.

The HTML a signed-in reader's GET is answered with is kept for her alone
(`core.pagecache.reader_page`, under the check, which runs on every view): a page
is a function of her, its address, the data version and the minute.

`ensure_reach(allowed)`: inside the view, once the record is loaded, stop with 404
unless it is within the reader's reach (its existence stays hidden).
"""

import functools

from flask import abort
from flask_login import current_user, login_required

from ..core.pagecache import reader_page


def requires(question=None):
    """Reserve a view to signed-in people for whom `question(current_user)` holds."""

    def decorate(view):
        answer = reader_page(view)

        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if question is not None and not question(current_user):
                abort(403)
            return answer(*args, **kwargs)

        wrapped.policy_question = question
        return wrapped

    return decorate


def ensure_reach(allowed):
    """Stop the request with 404 unless the record is within the reader's reach."""
    if not allowed:
        abort(404)
