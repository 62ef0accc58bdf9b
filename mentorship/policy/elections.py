"""Steering Committee elections: who sets them up, who nominates for whom, who
answers and reads a nomination, who sits in the committee's space.

The Secretariat (and admins) set the seat model, open nominations and the vote,
check eligibility, fill vacancies and publish the committee's reports. A member
organisation nominates through its leader or its voting delegate (or alternate)
while it is a member. A nomination is the candidate's to answer and write her
statement for; her nominating organisation's nominators and the Secretariat read it
while it is being prepared; once she stands (accepted and eligible) her page is
public. The round-by-round record is public. The committee's space is for its
sitting members and the Secretariat.
"""

from .constituents import SPEAKERS, organisations_held, positions_in
from .groups import on_steering_committee
from .people import is_staff

NOMINATING_POSITIONS = ("leader", *SPEAKERS)
"""Who nominates for an organisation: its leader, its voting delegate, the alternate."""


def can_manage_elections(user):
    """The Secretariat's election desk: seat model, windows, checks, vacancies."""
    return is_staff(user)


def can_nominate_for(user, organisation):
    """She nominates on behalf of `organisation` (a member organisation)."""
    return (
        organisation is not None
        and organisation.status == "member"
        and bool(positions_in(user, organisation.id) & set(NOMINATING_POSITIONS))
    )


def election_nominator_ids(user):
    """Ids of the organisations she may nominate for (their status: the caller's)."""
    return organisations_held(user, NOMINATING_POSITIONS)


def is_candidate(user, nomination):
    """The nomination names her: she answers it and writes her statement."""
    return user.is_authenticated and nomination.candidate_id == user.id


def can_withdraw_nomination(user, nomination):
    """She, her nominating organisation's nominators, or the Secretariat."""
    return (
        is_candidate(user, nomination)
        or can_nominate_for(user, nomination.organisation)
        or can_manage_elections(user)
    )


def can_read_nomination(user, nomination):
    """A standing candidate's page is public; before, the nomination is read by
    her, her nominating organisation's nominators and the Secretariat."""
    return nomination.standing or can_withdraw_nomination(user, nomination)


def can_see_committee_space(user):
    """The committee's space: its sitting members and the Secretariat."""
    return user.is_authenticated and (on_steering_committee(user) or is_staff(user))


# -- part record


def can_read_election_record(_user, election):
    """The count's record and its downloads are public once the election is
    counted (and so are its recounts); before, there is nothing to read."""
    return election.status == "counted"


def can_vote_in_election(user, election):
    """She speaks for some organisation (its delegate or alternate) while the
    election's ballot is open: the link to the ballot is for her. Whether that
    organisation is a member, or she holds a proxy, the ballot page says."""
    decision = election.decision
    return (
        user.is_authenticated
        and decision is not None
        and decision.status == "open"
        and bool(organisations_held(user, SPEAKERS))
    )


# -- part nominations


def can_see_election(user, election):
    """An election's page is public once drafted out; a draft is the Secretariat's."""
    return election.status != "draft" or can_manage_elections(user)


def may_nominate(user):
    """She holds a nominating position in some organisation (the nominate page;
    whether it is a member is checked there)."""
    return bool(election_nominator_ids(user))


# -- part committee


def can_give_offices(user):
    """She records who holds the committee's offices: the Secretariat, or the
    committee's chair when the committee allocates its offices itself."""
    if can_manage_elections(user):
        return True
    if not user.is_authenticated:
        return False
    from ..elections.queries_committee import chairs

    return chairs(user) is not None


# -- part space
# The committee's reports: drafted by its members and the Secretariat, published by
# the Secretariat, read once published by every signed-in person of a member
# organisation (and the committee and Secretariat); a draft only by its writers.


def can_write_committee_reports(user):
    """Draft and edit the committee's reports: its members and the Secretariat."""
    return can_see_committee_space(user)


def can_publish_committee_reports(user):
    """Publish a report (and mail its digest): the Secretariat."""
    return can_manage_elections(user)


def can_schedule_committee_meetings(user):
    """Open the committee's series of meetings in the events engine; its sessions
    are then scheduled on the events' own pages (`can_organise_series`)."""
    return is_staff(user)


def can_read_committee_reports(user):
    """The archive: every signed-in person of a member organisation, the
    committee and the Secretariat."""
    if not user.is_authenticated:
        return False
    organisation = getattr(user, "organisation", None)
    in_member = organisation is not None and organisation.status == "member"
    return in_member or can_write_committee_reports(user)


def can_read_committee_report(user, report):
    """A published report: the archive's readers; a draft: its writers."""
    if report.is_published:
        return can_read_committee_reports(user)
    return can_write_committee_reports(user)


def can_edit_committee_report(user, report):
    """A draft, by its writers; a published report is never edited."""
    return not report.is_published and can_write_committee_reports(user)
