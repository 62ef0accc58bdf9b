"""Who hears of the committee's reports: each member organisation's leader and
voting delegate, once each, in her language (the digest of a published report)."""

from ..core.notifications import notify, public_url
from ..db import db
from ..roles.voices import voices

DIGEST_POSITIONS = ("leader", "voting_delegate")


def readers():
    """(person, [organisations]) of each current leader or voting delegate of a
    member organisation: one entry per person, however many seats she holds."""
    found = {}
    for person, organisation in db.session.execute(voices(DIGEST_POSITIONS)).unique():
        held = found.setdefault(person.id, (person, []))[1]
        if organisation not in held:
            held.append(organisation)
    return list(found.values())


def report_published(report):
    """The digest of a published report, by email; returns how many were sent."""
    url = public_url("elections.report", report_id=report.id)
    archive = public_url("elections.reports_archive")
    sent = 0
    for person, organisations in readers():
        notify(
            person,
            "elections_report",
            person=person,
            organisations=organisations,
            report=report,
            url=url,
            archive=archive,
        )
        sent += 1
    return sent
