"""Who hears of a decision, each in her language: every member organisation's
delegate and alternate when it opens and when its outcome is published, the voter
(a receipt), and the delegate a proxy is handed to."""

from ..core.notifications import notify, public_url
from ..db import db
from ..roles.voices import SPEAKERS, voices
from . import words


def speakers():
    """(person, organisation) for each current delegate or alternate of a member
    organisation."""
    return db.session.execute(voices(SPEAKERS)).unique().all()


def _url(decision):
    return public_url("decisions.detail", decision_id=decision.id)


def decision_opened(decision):
    """'A vote awaits your organisation', to every delegate and alternate."""
    for person, organisation in speakers():
        notify(
            person,
            "decision_opened",
            person=person,
            organisation=organisation,
            decision=decision,
            url=_url(decision),
            words=words,
        )


def decision_closed(decision):
    """The outcome, to every delegate and alternate."""
    for person, organisation in speakers():
        notify(
            person,
            "decision_outcome",
            person=person,
            organisation=organisation,
            decision=decision,
            url=_url(decision),
            words=words,
        )


def receipt(decision, organisation, voter, ballot):
    """The voter's receipt. In a secret ballot it names neither the choices nor
    the receipt code (an email is a record kept elsewhere): the page showed the
    code once, for her to find her ballot in the published list."""
    notify(
        voter,
        "decision_receipt",
        person=voter,
        organisation=organisation,
        decision=decision,
        ballot=None if decision.secret else ballot,
        url=_url(decision),
        words=words,
    )


def proxy_granted(proxy):
    """To the delegate who now holds another organisation's vote."""
    if proxy.holder is None:
        return
    notify(
        proxy.holder,
        "decision_proxy",
        person=proxy.holder,
        proxy=proxy,
        url=public_url("decisions.awaiting"),
        words=words,
    )
