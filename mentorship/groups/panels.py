"""The slots of the groups' pages, and the groups' panels on other pages.

Slot "group.page": parts of a working group's page contributed by the other parts
(its next meetings, its threads, its recommendations); `data(group, reader)` returns
what the panel shows, or None.

Slot "theme.page": parts of a theme's page (the results of its published
recommendations); `data(theme, groups, reader)`.
"""

from ..core import panels


def init_app(app):
    """Each part registers its panels here (core.panels.register)."""
    from . import members_panels

    members_panels.init_app(app)
    from . import charter, meetings

    panels.register(
        app, "group.page", "charter", "groups/charter/_panel.html", charter.panel, 10
    )
    panels.register(
        app, "group.page", "meetings", "groups/meetings/_panel.html", meetings.panel, 20
    )
    from ..recommendations import panels as recommendations_panels

    recommendations_panels.register(app)
    from ..core import panels as core_panels
    from ..results.queries import theme_panel

    core_panels.register(
        app, "theme.page", "results", "results/_theme.html", theme_panel
    )
    from ..discussions import panels as discussions

    discussions.register(app)
