"""Demo data of the organisations' own space and of onboarding: profiles (working
languages, founding years, size bands, themes, links, affiliations), three drawn
logos, one organisation paused and one that left, the default onboarding checklist
and varied progress. Idempotent: what is already there is left alone."""

import io
import random
from datetime import date, timedelta

import sqlalchemy as sa
from PIL import Image, ImageDraw

from ..auth.models import User
from ..db import db
from ..onboarding import services as onboarding
from ..onboarding.models import ItemKind
from ..organisations import logos, space
from ..organisations.models import Affiliation, Organisation, OrganisationLink
from ..organisations.themes import active_themes, ensure_themes
from .organisations import ORGANISATIONS

PAUSED, LEFT = "wim-saudi-arabia", "wim-indonesia"
STILL_ONBOARDING = "tanzania-wim"  # a member for years, one step still undone
# Joined recently: still onboarding, at different stages.
RECENT = {"wim-canada": 45, "mujeres-mineria-chile": 150, "femmes-mines-france": 300}
LOGOS = {
    "wim-south-africa": ((0, 122, 77), (255, 184, 28)),
    "mujeres-mineria-peru": ((200, 16, 46), (255, 255, 255)),
    "femmes-mines-cote-divoire": ((247, 127, 0), (0, 158, 96)),
}
LANGUAGES = {
    "femmes-mines-cote-divoire": ["fr", "en"],
    "femmes-mines-france": ["fr", "en"],
    "mujeres-mineria-peru": ["es", "qu", "en"],
    "mujeres-mineria-chile": ["es", "en"],
    "wim-mongolia": ["mn", "en"],
    "wim-indonesia": ["id", "en"],
    "wim-saudi-arabia": ["ar", "en"],
    "tanzania-wim": ["sw", "en"],
    "wim-canada": ["en", "fr"],
}
AFFILIATIONS = {
    "wim-south-africa": [
        ("National chamber of mines (demo)", "chamber_of_mines", 2016),
        (
            "Southern Africa women's mining network (demo)",
            "international_network",
            2019,
        ),
    ],
    "mujeres-mineria-peru": [
        ("Sociedad minera nacional (demo)", "industry_association", 2018),
    ],
    "wim-canada": [
        ("Canadian mining association (demo)", "industry_association", 2021),
    ],
}
SIZE_BANDS = ("under_25", "25_99", "100_499", "500_plus")


def seed_orgspace(random_state=7):
    """Add the profiles, statuses and onboarding of the demo organisations; flushes."""
    rng = random.Random(random_state)
    ensure_themes()
    themes = active_themes()
    items = onboarding.ensure_default_items()
    secretariat = db.session.scalar(
        sa.select(User).where(User.email.like("secretariat@%")).limit(1)
    )
    today = date.today()
    for spec in ORGANISATIONS:
        org = db.session.scalar(sa.select(Organisation).filter_by(slug=spec.slug))
        if org is None:
            continue
        _dates(org, spec.slug, rng, today)
        if not org.working_languages:
            _profile(org, spec, rng, themes)
        if spec.slug in LOGOS and org.logo is None:
            logos.set_logo(org, logos.process(_draw_logo(*LOGOS[spec.slug])), by=None)
    db.session.flush()
    _statuses(secretariat)
    _progress(items, secretariat)
    db.session.flush()


def _dates(org, slug, rng, today):
    if org.status_since is None:
        org.status_since = today - timedelta(days=rng.randint(400, 1500))
    if org.member_since is None and org.status == "member":
        days = RECENT.get(slug) or rng.randint(400, 1500)
        org.member_since = org.status_since = today - timedelta(days=days)


def _profile(org, spec, rng, themes):
    org.working_languages = LANGUAGES.get(spec.slug, ["en"])
    org.founding_year = rng.randint(1995, 2021)
    org.size_band = rng.choice(SIZE_BANDS)
    org.themes = rng.sample(themes, k=min(len(themes), rng.randint(1, 3)))
    org.links = [
        OrganisationLink(kind="linkedin", url=f"https://{spec.slug}.example.org/in"),
    ]
    if rng.random() < 0.5:
        org.links.append(
            OrganisationLink(kind="youtube", url=f"https://{spec.slug}.example.org/tv")
        )
    org.affiliations = [
        Affiliation(
            name=name,
            kind=kind,
            url=f"https://affiliate-{n}.{spec.slug}.example.org",
            since_year=year,
        )
        for n, (name, kind, year) in enumerate(AFFILIATIONS.get(spec.slug, []))
    ]


def _statuses(secretariat):
    """One organisation paused, one that left: each an audited change."""
    for slug, status, reason in (
        (PAUSED, "paused", "Paused at its own request while it renews its board."),
        (LEFT, "left", "Left the Alliance after merging into a regional network."),
    ):
        org = db.session.scalar(sa.select(Organisation).filter_by(slug=slug))
        if org is not None and org.status == "member":
            space.change_status(org, status, by=secretariat, reason=reason)


def _progress(items, secretariat):
    """Long-standing members went through onboarding (but one, still with a step
    left); of those joining recently, one is done, one half-way, one starting."""
    if secretariat is None:
        return
    manual = [item for item in items if item.kind == ItemKind.MANUAL]
    ticked = {"wim-canada": manual[:1], "femmes-mines-france": manual}
    members = db.session.scalars(
        sa.select(Organisation).where(Organisation.status.in_(("member", "paused")))
    )
    for org in members:
        to_tick = ticked.get(org.slug)
        if to_tick is None and org.slug not in RECENT:
            to_tick = manual[:1] if org.slug == STILL_ONBOARDING else manual
        for item in to_tick or ():
            onboarding.tick(org, item, by=secretariat)


def _draw_logo(background, foreground):
    """A simple mark: a disc and a pick, as PNG bytes (decoded again like uploads)."""
    image = Image.new("RGB", (320, 320), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 280, 280), fill=foreground)
    draw.polygon([(160, 70), (250, 240), (70, 240)], fill=background)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
