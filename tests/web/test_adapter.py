"""The adapter between rows and the matching library: matches/services.py turns rows
into the library's types, matches/adapter.py is the only module importing it."""

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


def test_time_zone_reasons_to_the_half_hour(app):
    from mentorship.matches.reasons import describe

    def tz(value):
        with app.test_request_context():
            return describe({"code": "timezone_gap_hours", "value": value})

    assert tz(0) == "Same time zone"
    assert tz(0.5) == "30 min time-zone difference"
    assert tz(0.75) == "45 min time-zone difference"
    assert tz(2.5) == "2\u00bd h time-zone difference"  # round() gave "2 hours"
    assert tz(5.5) == "5\u00bd h time-zone difference"
    assert tz(2.2333) == "2 h time-zone difference"
    assert tz(3) == "3 h time-zone difference"


def test_reason_values_are_shown(app):
    from mentorship.matches.reasons import describe, describe_unmatched

    with app.test_request_context():
        region = describe({"code": "different_region", "value": "africa"})
        text = describe({"code": "text_similarity", "value": 0.42})
        hours = describe({"code": "availability_fit", "value": 8})
        unmatched = describe_unmatched("free_mentor_unused")
    assert region.startswith("A view from another region: ")
    assert "(42% alike)" in text
    assert "8 hours a month" in hours
    assert "free place" in unmatched


def test_reasons_of_a_run_tell_a_different_region_preference(app_ctx):
    import matching
    from matching.profiles import MenteeProfile, MentorProfile

    mentee = MenteeProfile(
        id=1, organisation_id=1, region="europe", region_preference="different"
    )
    mentor = MentorProfile(id=2, organisation_id=2, region="africa")
    (pair,) = matching.propose([mentee], [mentor]).pairs
    stored = [services.reason_dict(r) for r in pair.reasons]
    assert {"code": "different_region", "value": "africa"}.items() <= next(
        r for r in stored if r["code"] == "different_region"
    ).items()


# --- The boundary: one module of the app imports the library ------------------------


def _imports_of_matching(path):
    import ast

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "matching" or name.startswith("matching.") for name in names):
            yield node.lineno


def test_only_the_adapter_imports_the_matching_library():
    from pathlib import Path

    import mentorship

    package = Path(mentorship.__file__).parent
    importers = {
        str(path.relative_to(package)): list(_imports_of_matching(path))
        for path in sorted(package.rglob("*.py"))
    }
    importers = {name: lines for name, lines in importers.items() if lines}
    assert set(importers) == {"matches/adapter.py"}, importers


def test_the_boundary_check_sees_every_import_form(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        "import matching\nimport matching.profiles as p\n"
        "from matching.explain import REASON_CODES\nfrom . import matching_view\n"
        "import matchingish\n"
    )
    assert list(_imports_of_matching(source)) == [1, 2, 3]
