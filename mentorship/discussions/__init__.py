"""A working group's discussion: threads (member-only by default) and replies on the
web; each member hears of them by email in her language, as she chose: every
message, a daily digest, or none (`groups.models.GroupPreference.messages`).

Read it by file name: `models`, `services` (reading and writing), `forms`,
`routes`, `notifications` (every message, at once), `digest` (the daily job),
`panels` (the group page's latest threads)."""


def init_app(app):
    from . import digest, routes

    app.register_blueprint(routes.bp)
    app.cli.add_command(digest.discussions_cli)
