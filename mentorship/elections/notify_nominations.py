"""Who hears of a nomination, in her language: the candidate when nominated and
when the Secretariat checks her eligibility; the nominator who put her forward when
she accepts or declines."""

from ..core.notifications import notify, public_url


def _reachable(person):
    return person is not None and person.erased_at is None


def nominated(nomination):
    """The candidate: an organisation nominated her; the link to answer."""
    person = nomination.candidate
    if _reachable(person):
        notify(
            person,
            "elections_nominated",
            person=person,
            nomination=nomination,
            url=public_url("elections.nomination", nomination_id=nomination.id),
        )


def answered(nomination, answer):
    """The nominator: the candidate accepted or declined (`answer`)."""
    person = nomination.nominated_by
    if _reachable(person):
        notify(
            person,
            "elections_nomination_answered",
            person=person,
            nomination=nomination,
            answer=answer,
            url=public_url("elections.nominate", election_id=nomination.election_id),
        )


def checked(nomination):
    """The candidate: the Secretariat checked her eligibility (with its reason)."""
    person = nomination.candidate
    if _reachable(person):
        notify(
            person,
            "elections_nomination_checked",
            person=person,
            nomination=nomination,
            url=public_url("elections.nomination", nomination_id=nomination.id),
        )
