"""matches/services.py, the one adapter between rows and the matching library."""

from datetime import date

import sqlalchemy as sa

from mentorship.db import db
from mentorship.matches import runs, services
from mentorship.matches.models import Proposal

from .flow import enrol, make_programme


def test_offsets_follow_daylight_saving_and_tolerate_unknown_zones():
    assert services._offset_on("Europe/Paris", date(2026, 7, 1)) == 2.0
    assert services._offset_on("Europe/Paris", date(2026, 12, 1)) == 1.0
    assert services._offset_on("Asia/Kathmandu", date(2026, 1, 1)) == 5.75
    assert services._offset_on("Nowhere/Atlantis", date(2026, 1, 1)) == 0.0


def test_rows_become_library_profiles(app_ctx, make_org, make_user):
    programme = make_programme()
    org = make_org(region="europe")
    mentee = enrol(programme, make_user(org=org), "mentee", languages=["fr", "sw"])
    mentor = enrol(programme, make_user(), "mentor", capacity=3)  # independent
    mentees, mentors, settings, *_ = services.build_cohort(
        programme, programme.current_settings
    )
    (a,), (b,) = mentees, mentors
    assert a.id == mentee.id and a.organisation_id == org.id and a.region == "europe"
    assert a.languages == ("fr", "sw") and "mine closure" in a.goals.lower()
    assert b.organisation_id == f"independent-{mentor.user_id}" and b.capacity == 3
    assert settings.cross_organisation is True


def test_own_organisation_preference_is_honoured_when_the_programme_allows_it(
    app_ctx, make_org, make_user
):
    programme = make_programme(cross_org=False)
    org = make_org()
    mentee = enrol(programme, make_user(org=org), "mentee")  # cross_org_only default
    same = enrol(programme, make_user(org=org), "mentor")
    _m, _n, settings, *_ = services.build_cohort(programme, programme.current_settings)
    assert (mentee.id, same.id) in settings.excluded_pairs
    runs.execute_run(runs.start_run(programme, make_user(roles=["admin"])).id)
    assert db.session.scalar(sa.select(sa.func.count(Proposal.id))) == 0
