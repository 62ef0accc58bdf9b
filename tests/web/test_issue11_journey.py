"""Issue 11's "Done when", walked as new users would, on the demo data.

A visitor applies for a new organisation (her emails in French), the Secretariat
approves it, she sets her password from the email and signs in, names herself
voting delegate, ratifies the demo's open position, lists a need, proposes the
suggested introduction to an organisation that offers it, whose coordinator accepts;
both sides receive the introduction email in their own languages.

Every step goes through the real pages: GET the page, read its form from the HTML
as a browser would (hidden fields, selected options, checked boxes), fill what a
person fills, POST, follow the redirects, read what she sees.
"""

import re

import pytest
import sqlalchemy as sa

from mentorship import demo
from mentorship.auth.models import User
from mentorship.db import db
from mentorship.joining.models import OrganisationApplication
from mentorship.organisations.models import Organisation
from mentorship.partnerships.models import Introduction, IntroductionStatus
from mentorship.positions import services as position_services
from mentorship.positions.models import PositionVersion, Ratification

from .pageforms import holds, mail_to, one, sign_in, submit, text_of

SECRETARIAT = "secretariat@wim-alliance.example.org"
NEW_ORG = "Femmes des Mines du Sénégal"
ANA = "awa.diop@fms.example.org"
ANA_PASSWORD = "une phrase de passe bien solide"
# Needs fundraising; Women in Resources Australia offers it and its coordinator
# reads English (checked against the demo data below).
PARTNER_SLUG = "wim-australia"
PARTNER = f"coordinator@{PARTNER_SLUG}.example.org"


# --- The journey ---------------------------------------------------------------------


@pytest.fixture
def demo_data(app_ctx):
    demo.seed(n_members=60)
    db.session.commit()


def test_a_new_organisation_joins_ratifies_and_is_introduced(
    app, app_ctx, demo_data, outbox
):
    partner = one(sa.select(Organisation).filter_by(slug=PARTNER_SLUG))
    assert one(sa.select(User.locale).filter_by(email=PARTNER)) == "en"
    today = position_services.today()
    version = one(
        sa.select(PositionVersion)
        .where(
            PositionVersion.status == "published",
            PositionVersion.opens_on <= today,
            PositionVersion.closes_on >= today,
        )
        .order_by(PositionVersion.id)
    )
    assert version is not None, "the demo has an open position version"
    position_url = f"/positions/{version.position_id}"

    # 1. A visitor applies at /join; her contact language is French.
    visitor = app.test_client()
    assert 'href="/join"' in text_of(visitor.get("/organisations"))
    done = submit(
        visitor,
        "/join",
        {
            "name": NEW_ORG,
            "country": "SN",
            "region": "africa",
            "website": "https://fms.example.org",
            "description": "Nous réunissons les femmes des mines du Sénégal.",
            "description_lang": "fr",
            "working_languages": ["fr", "en"],
            "founding_year": "2023",
            "size_band": "under_25",
            "contact_name": "Awa Diop",
            "contact_email": ANA,
            "contact_title": "Présidente",
            "contact_locale": "fr",
            "agree": "y",
        },
        having=["contact_email", "agree"],
    )
    assert done.status_code == 200, text_of(done)
    assert "Thank you: your application was received" in text_of(done)
    application = one(sa.select(OrganisationApplication).filter_by(contact_email=ANA))
    assert application is not None and application.status == "submitted"
    [received] = mail_to(outbox, ANA)
    assert received.subject == "Votre candidature à l'International WIM Alliance"

    # 2. The Secretariat approves it; the approval reaches her in French.
    secretariat = app.test_client()
    sign_in(secretariat, SECRETARIAT, demo.DEMO_PASSWORD)
    waiting = text_of(secretariat.get("/admin/applications"))
    assert NEW_ORG in waiting
    review_url = f"/admin/applications/{application.id}"
    approved = submit(secretariat, review_url, press="Approve")
    assert approved.status_code == 200
    assert f"{NEW_ORG} is now a member of the Alliance." in text_of(approved)
    org = one(sa.select(Organisation).filter_by(name=NEW_ORG))
    assert org.status == "member"
    welcome = mail_to(outbox, ANA)[-1]
    welcome_subject = f"Bienvenue dans l'International WIM Alliance, {NEW_ORG} !"
    assert welcome.subject == welcome_subject
    assert welcome.body.startswith("Bonjour Awa Diop,")
    assert "Choisissez votre mot de passe" in welcome.body
    assert '<html lang="fr">' in welcome.alternatives[0][0]

    # 3. She follows the set-password link, chooses a password, signs in.
    link = re.search(r"https?://[^\s\"<>]+/reset/[\w.-]+", welcome.body)
    assert link, welcome.body
    ana = app.test_client()
    chosen = submit(
        ana,
        link.group(0),
        {"password": ANA_PASSWORD, "confirm": ANA_PASSWORD},
        having=["password", "confirm"],
    )
    assert chosen.status_code == 200
    ana.post("/logout")
    sign_in(ana, ANA, ANA_PASSWORD)
    home = text_of(ana.get(f"/organisations/{org.slug}"))
    assert '<html lang="fr"' in home  # her pages are in her language
    assert f'href="/organisations/{org.slug}/roles"' in home
    roles_page = text_of(ana.get(f"/organisations/{org.slug}/roles"))
    assert holds(roles_page, "Awa Diop", "Dirigeante")  # she leads it

    # 4. She names herself voting delegate (a person may hold several positions).
    awa = one(sa.select(User).filter_by(email=ANA))
    named = submit(
        ana,
        f"/organisations/{org.slug}/roles",
        {"user_id": str(awa.id), "position": "voting_delegate"},
        having=["user_id", "position"],
    )
    assert named.status_code == 200, text_of(named)
    assert "Awa Diop est désormais : déléguée votante." in text_of(named)
    assert holds(text_of(named), "Awa Diop", "Déléguée votante")
    assert holds(text_of(named), "Awa Diop", "Dirigeante")

    # 5. As the delegate she ratifies the open position version.
    page = text_of(ana.get(position_url))
    assert NEW_ORG in page
    ratified = submit(
        ana,
        position_url,
        {"answer": "ratified", "confirm": "y"},
        having=["version_id", "organisation_id", "answer"],
    )
    assert ratified.status_code == 200, text_of(ratified)
    ratification = one(
        sa.select(Ratification).filter_by(version_id=version.id, organisation_id=org.id)
    )
    assert ratification is not None and ratification.answer == "ratified"

    # 6. The organisation lists a need: fundraising.
    listed = submit(
        ana,
        f"/organisations/{org.slug}/needs-offers",
        {
            "kind": "need",
            "category": "fundraising",
            "description": "Nous cherchons de l'aide pour nos premières demandes.",
            "language": "fr",
        },
        having=["kind", "category"],
    )
    assert listed.status_code == 200, text_of(listed)
    assert "premières demandes" in text_of(listed)

    # 7. Her suggestions include the partner (it offers fundraising); she proposes
    # the introduction, the partner's coordinator accepts it.
    intro_url = f"/organisations/{org.slug}/introductions"
    suggestions = text_of(ana.get(intro_url))
    suggested = suggestions[suggestions.index(f"<strong>{partner.name}</strong>") :]
    suggested = suggested[: suggested.index("</form>")]  # its reasons, its button
    assert "Elles proposent" in suggested
    assert "collecte de fonds" in suggested.lower()
    before = len(outbox)
    proposed = submit(
        ana,
        intro_url,
        having=["other"],
        fill={"other": str(partner.id)},
        press=partner.name,
    )
    assert proposed.status_code == 200, text_of(proposed)
    introduction = one(
        sa.select(Introduction).where(
            Introduction.org_low_id == min(org.id, partner.id),
            Introduction.org_high_id == max(org.id, partner.id),
        )
    )
    assert introduction.status == IntroductionStatus.PROPOSED
    asked = [m for m in outbox[before:] if PARTNER in m.to]
    assert asked and asked[0].subject == f"An introduction to {NEW_ORG} is proposed"

    coordinator = app.test_client()
    sign_in(coordinator, PARTNER, demo.DEMO_PASSWORD)
    partner_url = f"/organisations/{PARTNER_SLUG}/introductions"
    assert NEW_ORG in text_of(coordinator.get(partner_url))
    before = len(outbox)
    accepted = submit(
        coordinator,
        partner_url,
        action=f"/introductions/{introduction.id}/accept",
        press="Accept",
    )
    assert accepted.status_code == 200, text_of(accepted)
    assert "Both organisations accepted" in text_of(accepted)
    db.session.expire_all()
    assert introduction.status == IntroductionStatus.INTRODUCED

    # 8. Each side receives the introduction email in its own language.
    made = outbox[before:]
    to_her = [m for m in made if ANA in m.to]
    to_partner = [m for m in made if PARTNER in m.to]
    assert len(to_her) == 1 and len(to_partner) == 1, [m.to for m in made]
    assert to_her[0].subject == (
        f"Faites connaissance avec {partner.name} : votre mise en relation"
    )
    assert to_her[0].body.startswith("Bonjour Awa Diop,")
    assert PARTNER in to_her[0].body  # the other side's contact
    assert to_partner[0].subject == f"Meet {NEW_ORG}: your introduction"
    assert to_partner[0].body.startswith("Hello ")
    assert ANA in to_partner[0].body

    # The public register shows her organisation's ratification...
    register = text_of(app.test_client().get(position_url))
    section = register[register.index(f'id="version-{version.id}"') :]
    section = section[: section.index("</section>")]
    ratified_row = r"<dt>Ratified \(\d+\)</dt>\s*<dd>(.*?)</dd>"
    ratified_by = re.search(ratified_row, section, re.S)
    assert f'<a href="/organisations/{org.slug}">{NEW_ORG}</a>' in ratified_by.group(1)
    # ...and the Secretariat's overview renders.
    overview = secretariat.get("/admin/alliance")
    assert overview.status_code == 200
    glance = text_of(overview)
    assert "The Alliance at a glance" in glance
    assert f'href="/organisations/{org.slug}/onboarding"' in glance  # her progress
    without = glance[glance.index('id="without-delegate-title"') :]
    assert org.slug not in without[: without.index("</section>")]  # she named one
