"""Thematic working groups: themes and groups with their charter and status
(`pages`, `charter`), members with positions and terms (`members`), monthly meetings
in the events engine (`meetings`).

The discussion, the recommendations pipeline and the results are their own packages
(`discussions`, `recommendations`, `results`); they add panels to a group's page
(slot "group.page") and a theme's page (slot "theme.page").
"""


def init_app(app):
    from . import panels, routes  # noqa: F401  (routes: each part's module adds its own)

    app.register_blueprint(routes.bp)
    panels.init_app(app)
