"""Results: each published recommendation followed as a result with an owner, a
status, progress and dated updates, linked to the meetings and actions that produced
it; shown per theme."""


def init_app(app):
    """The blueprint; a result opens on publication
    (recommendations.signals.recommendation_published); her updates' words go with
    her account (core.signals.person_erased)."""
    from ..core import signals
    from ..recommendations.signals import recommendation_published
    from . import routes, services

    app.register_blueprint(routes.bp)
    recommendation_published.connect(services.on_published)
    signals.person_erased.connect(services.erase_for)
