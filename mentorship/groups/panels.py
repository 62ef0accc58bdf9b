"""The slots of the groups' pages, and the groups' panels on other pages.

Slot "group.page": parts of a working group's page contributed by the other parts
(its next meetings, its threads, its recommendations); `data(group, reader)` returns
what the panel shows, or None.

Slot "theme.page": parts of a theme's page (the results of its published
recommendations); `data(theme, groups, reader)`.
"""


def init_app(app):
    """Each part registers its panels here (core.panels.register)."""
    from ..core import panels as core_panels
    from ..results.queries import theme_panel

    core_panels.register(
        app, "theme.page", "results", "results/_theme.html", theme_panel
    )
