"""Issue 15's "Done when", walked as new users would, on the demo data.

The Secretariat opens a theme vote on the two proposals whose comment windows are
over, with a 50% quorum and a two-thirds majority. Delegates of several member
organisations vote on the decision's page; one organisation hands its vote to
another organisation's delegate, who votes for it. The participation count moves
while the results stay hidden, to the Secretariat too. At close the outcome is
computed and published, in English, French and Spanish, and the proposal carried is
shortlisted. The annual consultation's reminder goes, a week before its deadline, to
the organisations that have not submitted, each delegate in her language.

Every step goes through the real pages (`pageforms.submit` reads each form from the
HTML as a browser would).
"""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship import demo
from mentorship.consultations import notify as consultation_notify
from mentorship.consultations.models import Consultation, Response
from mentorship.core import schedule
from mentorship.core.models import Reminder
from mentorship.db import db, utcnow
from mentorship.decisions import notify as decision_notify
from mentorship.decisions.counting import quorum_needed
from mentorship.decisions.models import Decision, Participation
from mentorship.theme_proposals.models import ThemeProposal

from .pageforms import mail_to, one, sign_in, submit, text_of

PASSWORD = demo.DEMO_PASSWORD
SECRETARIAT = "secretariat@wim-alliance.example.org"
RECEIPT = re.compile(r"\b[0-9A-F]{10}\b")  # the receipt code, in any language


@pytest.fixture
def demo_data(app_ctx):
    demo.seed(n_members=60)
    db.session.commit()


PARTICIPATION = re.compile(
    r"(\d+) of (\d+) member organisations have answered"
    r"|ayant répondu : (\d+) sur (\d+)"
    r"|(\d+) de (\d+) organizaciones miembro han respondido"
)


def _answered(page):
    """(answered, electorate) as the page says it, in whichever language."""
    found = PARTICIPATION.search(page)
    assert found, "the participation count is not on the page"
    answered, electorate = (int(g) for g in found.groups() if g is not None)
    return answered, electorate


def _delegates():
    """(voting delegate, organisation) of each member organisation, one each."""
    seen, found = set(), []
    for person, organisation in decision_notify.speakers():
        if organisation.id not in seen and "voting_delegate" in {
            m.position
            for m in person.current_memberships
            if m.organisation_id == organisation.id
        }:
            seen.add(organisation.id)
            found.append((person, organisation))
    return found


def test_a_theme_vote_by_organisations_from_opening_to_its_published_outcome(
    app, app_ctx, demo_data, outbox
):
    client = app.test_client()
    ready = db.session.scalars(
        sa.select(ThemeProposal).where(ThemeProposal.status == "commenting")
    ).all()
    assert len(ready) == 2, "the demo has two proposals ready for a vote"
    first, second = ready

    # 1. The Secretariat opens the vote: 50% quorum, two thirds, one shortlisted.
    sign_in(client, SECRETARIAT, PASSWORD)
    closes_on = (utcnow() + timedelta(days=7)).date().isoformat()
    opened = submit(
        client,
        "/themes/proposals/vote",
        {
            "proposals": [str(first.id), str(second.id)],
            "quorum_percent": "50",
            "majority": "two_thirds",
            "abstentions": "excluded",
            "winners": "1",
            "closes_on": closes_on,
        },
        having=["quorum_percent"],
    )
    assert opened.status_code == 200
    decision = one(sa.select(Decision).order_by(Decision.id.desc()).limit(1))
    assert (decision.kind, decision.status) == ("approval", "open")
    assert (decision.quorum_percent, decision.majority) == (50, "two_thirds")
    url = f"/decisions/{decision.id}"
    page = text_of(client.get(url))
    answered, electorate = _answered(page)
    assert answered == 0 and electorate == decision.electorate_size
    assert "two thirds" in page.lower() or "two-thirds" in page.lower()
    first_option, second_option = (o.id for o in decision.options)
    client.post("/logout")

    # 2. Delegates vote, one organisation by proxy; the count moves, results hide.
    delegates = _delegates()
    needed = quorum_needed(electorate, 50)
    voters, (lender, lender_org), (holder, holder_org) = (
        delegates[: needed - 1],
        delegates[needed - 1],
        delegates[needed],
    )
    for n, (person, _organisation) in enumerate(voters, start=1):
        sign_in(client, person.email, PASSWORD)
        chosen = [str(first_option)] + ([str(second_option)] if n % 3 == 0 else [])
        voted = submit(
            client,
            url,
            {"approved": chosen},
            having=["approved"],
        )
        assert voted.status_code == 200 and RECEIPT.search(text_of(voted))
        assert _answered(text_of(voted))[0] == n
        client.post("/logout")

    sign_in(client, lender.email, PASSWORD)
    handed = submit(
        client,
        f"/decisions/{decision.id}/proxy?organisation_id={lender_org.id}",
        {"holder_id": str(holder.id), "confirm": "y"},
        having=["holder_id"],
    )
    assert handed.status_code == 200
    client.post("/logout")
    assert mail_to(outbox, holder.email), "the holder is told of the proxy"

    sign_in(client, holder.email, PASSWORD)
    page = text_of(client.get(url))
    assert f'name="organisation_id" value="{lender_org.id}"' in page  # its form
    for organisation in (holder_org, lender_org):  # her own vote, then the proxy's
        voted = submit(
            client,
            url,
            {"approved": [str(first_option)]},
            having=["approved"],
            holding={"organisation_id": str(organisation.id)},
        )
        assert voted.status_code == 200 and RECEIPT.search(text_of(voted))
    client.post("/logout")
    by_proxy = one(
        sa.select(Participation).where(
            Participation.decision_id == decision.id,
            Participation.organisation_id == lender_org.id,
        )
    )
    assert by_proxy.via == "proxy" and by_proxy.cast_by_id == holder.id

    sign_in(client, SECRETARIAT, PASSWORD)
    page = text_of(client.get(url))
    assert _answered(page)[0] == needed + 1
    assert "Results stay hidden until the vote closes" in page
    assert "Chosen by approval" not in page  # hidden, to the Secretariat too

    # 3. At close the outcome is computed and published in three languages.
    closed = submit(
        client,
        f"/admin/decisions/{decision.id}/close",
        {"confirm": "y"},
        having=["confirm"],
    )
    assert closed.status_code == 200
    client.post("/logout")
    db.session.expire_all()
    decision = db.session.get(Decision, decision.id)
    assert decision.status == "closed" and decision.outcome == "passed"
    assert decision.counts["carried"] == [str(first_option)]
    assert decision.counts["quorum_met"] and decision.counts["participants"] == (
        needed + 1
    )
    sentences = {
        "en": "Chosen by approval, with the majority needed",
        "fr": "Retenu par approbation, avec la majorité requise",
        "es": "Elegido por aprobación, con la mayoría requerida",
    }
    for lang, sentence in sentences.items():
        page = text_of(client.get(url, headers={"Accept-Language": lang}))
        assert f'lang="{lang}"' in page and sentence in page, lang
    statuses = {
        p.id: p.status
        for p in db.session.scalars(
            sa.select(ThemeProposal).where(ThemeProposal.id.in_([first.id, second.id]))
        )
    }
    assert statuses == {first.id: "shortlisted", second.id: "not_shortlisted"}
    archive = text_of(client.get("/decisions"))
    assert decision.title.body("en") in archive


def test_the_consultation_reminds_the_organisations_that_have_not_answered(
    app, app_ctx, demo_data, outbox
):
    current = one(sa.select(Consultation).where(Consultation.status == "open"))
    submitted = set(
        db.session.scalars(
            sa.select(Response.organisation_id).where(
                Response.consultation_id == current.id,
                Response.status == "submitted",
            )
        )
    )
    assert submitted, "the demo has organisations that submitted"
    waiting = consultation_notify.responders(current, waiting=True)
    assert waiting and not {org.id for _p, org in waiting} & submitted
    week_before = one(
        sa.select(Reminder.due_at).where(
            Reminder.key == consultation_notify.reminder_key(current, "7d")
        )
    )
    outbox.clear()
    assert schedule.due(week_before + timedelta(minutes=1)) >= 1
    subjects = {
        "en": "A consultation awaits your organisation's response",
        "fr": "Une consultation attend la réponse de votre organisation",
        "es": "Una consulta espera la respuesta de su organización",
    }
    # the sweep sends every reminder due by then; these are the consultation's
    reminders = [m for m in outbox if m.subject in subjects.values()]
    reminded = {message.to[0] for message in reminders}
    assert {person.email for person, _org in waiting} == reminded
    for person, _organisation in waiting:  # each in her language
        subject = subjects[person.locale if person.locale in subjects else "en"]
        assert [m.subject for m in mail_to(reminders, person.email)] == [subject]
    assert {p.locale for p, _o in waiting} & {"fr", "es"}, "the demo's languages"
