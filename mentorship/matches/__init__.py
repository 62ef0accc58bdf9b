"""Match runs, proposals, coordinator approval and offers."""


def init_app(app):
    """Template helpers and scheduled jobs of the matching flow."""
    import sqlalchemy as sa

    from ..db import db
    from ..mentorships.models import Mentorship
    from . import jobs, reasons
    from .models import MatchRun
    from .queries import member_proposals

    def programme_runs(programme):
        return db.session.scalars(
            sa.select(MatchRun)
            .where(MatchRun.programme_id == programme.id)
            .order_by(MatchRun.id.desc())
            .limit(20)
        ).all()

    def mentorship_of(proposal):
        return db.session.scalar(
            sa.select(Mentorship).where(Mentorship.proposal_id == proposal.id)
        )

    reasons.init_app(app)
    app.jinja_env.globals.update(
        programme_runs=programme_runs,
        member_proposals=member_proposals,
        mentorship_of=mentorship_of,
    )
    jobs.init_app(app)
