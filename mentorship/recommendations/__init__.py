"""A working group's recommendations (and review documents), from draft through the
comment rounds and the Steering Committee's endorsement to publication in three
languages, with versions that can be compared."""


def init_app(app):
    from . import routes

    app.register_blueprint(routes.bp)
