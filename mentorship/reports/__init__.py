"""The annual Alliance report (issue 17, item 6): compiled for a year from the live
data of every feature, with narratives in three languages, as HTML and PDF."""


def init_app(app):
    from . import routes

    app.register_blueprint(routes.bp)
