"""Who hears of a theme proposal, in her language: the person who proposed it, when
its comment window is set, when it is shortlisted and when it is adopted."""

from ..core.notifications import notify, public_url

NEWS = ("window", "shortlisted", "adopted")


def tell_proposer(proposal, news):
    """One email to the proposal's author about `news` (one of NEWS)."""
    person = proposal.proposed_by
    if person is None or person.erased_at is not None:
        return
    notify(
        person,
        "theme_proposal_news",
        person=person,
        proposal=proposal,
        news=news,
        url=public_url("theme_proposals.detail", theme_proposal_id=proposal.id),
    )
