"""The library's parts of other pages: none yet beyond its links (the nav, the
Alliance overview's menu, the onboarding page's starter kit)."""


def init_app(app):
    """Nothing to register: kept for the house layout (features own a panels module)."""
