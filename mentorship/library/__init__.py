"""The resource and template library: resources in three languages, one file per
language with versions, translation status, publishing, search, a starter kit."""


def init_app(app):
    from . import panels, routes

    app.register_blueprint(routes.bp)
    panels.init_app(app)
