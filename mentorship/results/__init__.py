"""Results: each published recommendation followed as a result with an owner, a
status, progress and dated updates, linked to the meetings and actions that produced
it; shown per theme."""


def init_app(app):
    from . import routes

    app.register_blueprint(routes.bp)
