"""Joining the Alliance: an organisation applies, the Secretariat reviews."""


def init_app(app):
    """The Secretariat's panel of applications on the Alliance overview."""
    from . import panels

    panels.init_app(app)
