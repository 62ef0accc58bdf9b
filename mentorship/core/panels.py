"""Panels that features contribute to another feature's page, without imports.

A page that shows other features' parts (the member's home page, a programme's
pages) names a *slot*; each feature's `init_app` registers its panels for the slots
it fills: a name, a template, and a function computing the panel's data. The page's
view calls `gather(slot, ...)` and passes the result to its template, which includes
each panel's template with its data: templates run no query, and a renamed template
fails loudly (no `ignore missing`).
"""

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Panel:
    """One feature's part of a page: `data(*args)` returns what `template` shows,
    or None to show nothing (e.g. nothing waits for her)."""

    slot: str
    name: str
    template: str
    data: object  # callable(*args) -> object | None
    order: int = 100


@dataclass(frozen=True)
class Shown:
    """A panel with its computed data, as the page's template receives it."""

    name: str
    template: str
    data: object


def init_app(app):
    app.extensions["panels"] = []


def register(app, slot, name, template, data, order=100):
    """Add a panel to `slot` of this app's pages (in `order`, then registration)."""
    panels = app.extensions.setdefault("panels", [])
    if any(p.slot == slot and p.name == name for p in panels):
        raise ValueError(f"panel {name!r} already registered in slot {slot!r}")
    panels.append(Panel(slot, name, template, data, order))


def registered(slot, app=None):
    """The panels of `slot`, in display order."""
    app = app or current_app
    panels = [p for p in app.extensions.get("panels", []) if p.slot == slot]
    return sorted(panels, key=lambda p: p.order)


def gather(slot, *args):
    """Compute every panel of `slot` for these arguments (the signed-in person,
    a programme...); panels whose data is None are left out."""
    shown = []
    for panel in registered(slot):
        data = panel.data(*args)
        if data is not None:
            shown.append(Shown(panel.name, panel.template, data))
    return shown
