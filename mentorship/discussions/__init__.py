"""A working group's discussion: threads (member-only by default) and replies on the
web; each member hears of them by email in her language, as she chose: every
message, a daily digest, or none (`groups.models.GroupPreference.messages`)."""


def init_app(app):
    from . import routes

    app.register_blueprint(routes.bp)
