"""Elections of the Steering Committee: the seat model, nominations, the
organisations' ranked ballot, the STV count (`stv`, a pure module any organisation
can rerun), the record, the seats with their terms, and the committee's space.

Importing the package imports nothing, so that `mentorship.elections.stv` loads
without Flask or a database; `init_app` brings in the web part.
"""


def init_app(app):
    """The blueprints, the STV rule for the decisions' ranked ballots, the
    reaction to a closed vote, and the term-end job."""
    from . import routes, vote

    vote.init_app(app)
    routes.init_app(app)
