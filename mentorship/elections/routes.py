"""The elections' pages, one blueprint: each part's views live in their own module
(nominations, vote and record, committee and terms, the committee's space) and are
added to `bp` when imported here."""

from flask import Blueprint

bp = Blueprint("elections", __name__)


def init_app(app):
    from . import (  # noqa: F401  (each module adds its views to bp)
        pages_committee,
        pages_nominations,
        pages_record,
        pages_space,
    )

    app.register_blueprint(bp)
