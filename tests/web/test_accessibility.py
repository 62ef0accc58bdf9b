"""What axe cannot see: focus-ring contrast computed from the stylesheet itself."""

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
MIN_NON_TEXT_CONTRAST = 3.0  # WCAG 2.2, 1.4.11 and 2.4.13


def _variable(name):
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def _luminance(colour):
    """WCAG relative luminance of '#rrggbb'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    r, g, b = linear
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#ffbf47", "#ffffff"), 1) == 1.6  # the old ring


def test_focus_ring_stands_out_from_the_page_and_the_element():
    """The ring against every page background; its halo against every control fill."""
    rule = re.search(r"a:focus[^{]*\{([^}]*)\}", CSS).group(1)
    assert "outline: 3px solid var(--focus)" in rule
    assert "box-shadow: 0 0 0 2px var(--focus-halo)" in rule
    ring, halo = _variable("focus"), _variable("focus-halo")
    pages = [_variable("bg"), _variable("soft")]  # body, header
    fills = [_variable("accent"), _variable("bg")]  # buttons, fields
    for page in pages:
        assert contrast(ring, page) >= MIN_NON_TEXT_CONTRAST, (ring, page)
    for fill in fills:
        # The halo separates ring and control: one of the two must stand out.
        assert max(contrast(halo, fill), contrast(ring, fill)) >= MIN_NON_TEXT_CONTRAST
    assert contrast(ring, halo) >= MIN_NON_TEXT_CONTRAST


# --- Text in another language than the page's carries `lang` -------------------------


def _french(client):
    client.post("/language", data={"locale": "fr", "next": "/"})


def test_english_description_on_a_french_page_carries_lang(client, make_org):
    english_only = make_org(description={"en": "Mentoring for women in mining."})
    french = make_org(
        description={
            "en": "Mentoring for women in mining.",
            "fr": "Du mentorat pour les femmes des mines.",
        }
    )
    _french(client)
    page = client.get(f"/organisations/{english_only.slug}").get_data(as_text=True)
    assert '<div lang="en">' in page
    assert 'class="translated-note"' in page and "anglais" in page
    page = client.get(f"/organisations/{french.slug}").get_data(as_text=True)
    assert '<div lang="en">' not in page
    assert "Du mentorat pour les femmes des mines." in page
    directory = client.get("/organisations").get_data(as_text=True)
    assert '<p lang="en">Mentoring for women in mining.</p>' in directory
    assert "<p>Du mentorat pour les femmes des mines.</p>" in directory


def test_programme_name_in_english_on_a_french_page_carries_lang(
    client, make_user, auth
):
    from mentorship.core import translated
    from mentorship.db import db

    from .flow import make_programme

    programme = make_programme()
    programme.name = translated.new_text("en", en="Pilot cohort", es="Cohorte piloto")
    programme.description = translated.new_text(
        "en", en="Twelve months, one hour a month."
    )
    db.session.commit()
    auth.login(make_user(roles=("secretariat",)).email)
    _french(client)
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert '<h1><span lang="en">Pilot cohort</span></h1>' in page
    assert '<div lang="en">' in page
    listing = client.get("/programmes").get_data(as_text=True)
    assert '<span lang="en">Pilot cohort</span>' in listing
