"""Theme proposals: proposed by organisations and working groups, commented on,
shortlisted by the organisations' vote and adopted as themes with their groups."""


def init_app(app):
    """The blueprint, the theme page's panel, and the reaction to a closed vote."""
    from ..decisions.services import decision_closed
    from . import panels, routes, services

    app.register_blueprint(routes.bp)
    panels.init_app(app)
    decision_closed.connect(services.on_decision_closed)
