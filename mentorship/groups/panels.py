"""The slots of the groups' pages, and the groups' panels on other pages.

Slot "group.page": parts of a working group's page contributed by the other parts
(its next meetings, its threads, its recommendations); `data(group, reader)` returns
what the panel shows, or None.

Slot "theme.page": parts of a theme's page (the results of its published
recommendations); `data(theme, groups, reader)`.
"""


def init_app(app):
    """Each part registers its panels here (core.panels.register)."""
    from ..discussions import panels as discussions

    discussions.register(app)
