"""Every key page fits a 375-px phone screen, in English and French.

Headless Chromium emulates a 375-px-wide phone; on each page the document must be no
wider than the screen (`scrollWidth <= 375`): wide tables scroll inside their own box,
long words wrap, the header stays compact. Chart text stays readable (>= 11 px).
"""

import json
import os

import pytest
import sqlalchemy as sa
from selenium.webdriver.common.by import By

from mentorship import demo
from mentorship.agm.models import Agm
from mentorship.auth.models import User
from mentorship.consultations.models import Consultation
from mentorship.core import translated
from mentorship.db import db
from mentorship.decisions.models import Decision
from mentorship.demo.events import FULL_CAPACITY
from mentorship.demo.programmes import NAMES as PROGRAMME
from mentorship.discussions.models import Thread
from mentorship.elections.models import Election, ElectionCount, Nomination, Seat
from mentorship.elections.models_reports import CommitteeReport
from mentorship.events.models import EventSession
from mentorship.groups import queries
from mentorship.joining.models import OrganisationApplication
from mentorship.library.models import Resource
from mentorship.matches.models import MatchRun
from mentorship.mentorships.models import Mentorship
from mentorship.metrics.models import Cycle, MetricValue
from mentorship.organisations.models import Organisation
from mentorship.positions.models import Position
from mentorship.programmes.models import Programme
from mentorship.recommendations.models import Recommendation
from mentorship.reports.models import AnnualReport
from mentorship.results.models import Result
from mentorship.theme_proposals.models import ThemeProposal

from .test_journeys import fill, submit

PHONE = 375
AMINA = "amina.mentee@wim-demo.example.org"
COORDINATOR = "coordinator@wim-south-africa.example.org"
SECRETARIAT = "secretariat@wim-alliance.example.org"
STEERING = "steering@wim-alliance.example.org"
ADMIN = "admin@wim-alliance.example.org"
MIN_CHART_TEXT_PX = 11
MAX_HEADER_PX = 160  # a fifth of an 812-px-high phone screen at most


@pytest.fixture
def demo_pages(app):
    """The demo's people and the pages each of them uses most, by role."""
    with app.app_context():
        demo.seed(n_members=60)
        db.session.commit()
        amina = _user(AMINA)
        coordinator = _user(COORDINATOR)
        org = db.session.get(Organisation, coordinator.organisation_id)
        programme = db.session.scalar(
            sa.select(Programme).where(
                translated.body_in(Programme.name_id, "en") == PROGRAMME["en"]
            )
        )
        run_id = db.session.scalar(sa.select(sa.func.max(MatchRun.id)))
        mentorship_id = db.session.scalar(
            sa.select(Mentorship.id)
            .where(Mentorship.mentee_user_id == amina.id)
            .order_by(Mentorship.id.desc())
        )
        assert run_id and mentorship_id
        position_id = db.session.scalar(sa.select(sa.func.max(Position.id)))
        application_id = db.session.scalar(
            sa.select(sa.func.min(OrganisationApplication.id))
        )
        assert position_id and application_id
        full_session = db.session.scalar(
            sa.select(sa.func.min(EventSession.id)).where(
                EventSession.capacity == FULL_CAPACITY
            )
        )
        assert full_session
        resource_id = db.session.scalar(sa.select(sa.func.min(Resource.id)))
        assert resource_id
        # Working groups (issue 14): a group everyone reads, an Alliance-readable
        # thread, a member-only one, a published recommendation with versions, one
        # awaiting the Steering Committee, a result.
        group = "/groups/role-models-mentors"
        group_id = queries.group_by_slug("role-models-mentors").id
        open_thread, member_thread = (
            db.session.scalar(
                sa.select(sa.func.min(Thread.id)).where(
                    Thread.group_id == group_id, Thread.visibility == visibility
                )
            )
            for visibility in ("alliance", "members")
        )
        published = db.session.scalar(
            sa.select(sa.func.min(Recommendation.id)).where(
                Recommendation.status == "published"
            )
        )
        endorsing = db.session.scalar(
            sa.select(sa.func.min(Recommendation.id)).where(
                Recommendation.status == "endorsement"
            )
        )
        result_id = db.session.scalar(sa.select(sa.func.min(Result.id)))
        # Decisions (issue 15): the counted resolution and the open vote.
        closed_id, open_id = (
            db.session.scalar(
                sa.select(sa.func.min(Decision.id)).where(Decision.status == status)
            )
            for status in ("closed", "open")
        )
        assert closed_id and open_id
        # The rest of issue 15: consultations (last year's, closed; this year's,
        # open), a theme proposal, the AGMs (last December's held, this one's).
        past_consultation, open_consultation = (
            db.session.scalar(
                sa.select(sa.func.min(Consultation.id)).where(
                    Consultation.status == status
                )
            )
            for status in ("closed", "open")
        )
        proposal_id = db.session.scalar(sa.select(sa.func.min(ThemeProposal.id)))
        held_agm, next_agm = (
            db.session.scalar(sa.select(sa.func.min(Agm.year))),
            db.session.scalar(sa.select(sa.func.max(Agm.year))),
        )
        next_agm_id = db.session.scalar(sa.select(Agm.id).where(Agm.year == next_agm))
        assert past_consultation and open_consultation and proposal_id
        assert held_agm < next_agm
        assert open_thread and member_thread and published and endorsing and result_id
        # Issue 16: last year's counted election, this year's in nominations, a
        # standing candidate, the anonymous recount, a seat, the reports.
        counted, nominating = (
            db.session.scalar(sa.select(Election.id).where(Election.status == status))
            for status in ("counted", "nominating")
        )
        stv_ballot = db.session.scalar(
            sa.select(Election.decision_id).where(Election.id == counted)
        )
        standing = db.session.scalar(
            sa.select(sa.func.min(Nomination.id)).where(
                Nomination.election_id == nominating,
                Nomination.eligibility == "eligible",
            )
        )
        answering = db.session.scalar(
            sa.select(Nomination.id)
            .join(User, User.id == Nomination.candidate_id)
            .where(User.email == COORDINATOR, Nomination.election_id == nominating)
        )
        recount = db.session.scalar(
            sa.select(ElectionCount.id).where(ElectionCount.kind == "recount")
        )
        seat = db.session.scalar(
            sa.select(sa.func.min(Seat.id)).where(Seat.ended_on.is_(None))
        )
        report, draft = (
            db.session.scalar(
                sa.select(sa.func.min(CommitteeReport.id)).where(
                    CommitteeReport.status == status
                )
            )
            for status in ("published", "draft")
        )
        assert counted and nominating and stv_ballot and standing and answering
        assert recount and seat and report and draft
        # Issue 17: the open cycle, a value, the published data, the annual report.
        cycle_id = db.session.scalar(sa.select(sa.func.max(Cycle.id)))
        value_id = db.session.scalar(
            sa.select(sa.func.max(MetricValue.id)).where(
                MetricValue.cycle_id == cycle_id
            )
        )
        annual = db.session.scalar(
            sa.select(sa.func.min(AnnualReport.year)).where(
                AnnualReport.status == "published"
            )
        )
        assert cycle_id and value_id and annual
        return {
            AMINA: [
                "/",
                "/mentorships",
                f"/mentorships/{mentorship_id}",
                "/profile",
                "/profile/mentee",
                "/programmes",
                "/organisations",
                f"/organisations/{org.slug}",
                "/account",
                "/account/data",
                "/positions",
                f"/positions/{position_id}",
                "/join",
                "/events",
                "/events?when=past",
                f"/events/{full_session}",
                "/events/series/global-wim-calls",
                "/events/mine",
                "/library",
                f"/library/{resource_id}",
                "/library/starter-kit",
                "/library/new",
                "/groups",
                group,
                f"{group}/members",
                f"{group}/members/join",
                f"{group}/meetings",
                f"{group}/discussion",
                f"/groups/role-models-mentors/discussion/{open_thread}",
                f"{group}/recommendations",
                f"/recommendations/{published}",
                f"/recommendations/{published}/compare?a=1&b=2&view=diff",
                f"/results/{result_id}",
                "/themes/role_models_mentors",
                "/decisions",
                f"/decisions/{open_id}",
                f"/decisions/{closed_id}",
                "/consultations",
                f"/consultations/{past_consultation}/results",
                "/themes/proposals",
                f"/themes/proposals/{proposal_id}",
                "/agm",
                f"/agm/{held_agm}",
                f"/agm/{held_agm}/pack",
                f"/agm/{next_agm}",
                "/elections",
                f"/elections/{nominating}",
                f"/elections/{nominating}/candidates/{standing}",
                f"/elections/{counted}",
                f"/elections/{counted}/record",
                f"/decisions/{stv_ballot}",
                "/committee",
                "/committee/reports",
                f"/committee/reports/{report}",
                "/metrics/indicators",
                "/metrics/indicators/WF_WOMEN_SHARE",
                "/metrics/data",
                "/metrics/data/WF_WOMEN_SHARE",
                "/metrics/data/PAY_GAP",
                "/reports",
                f"/reports/{annual}",
            ],
            COORDINATOR: [
                f"/elections/{nominating}/nominate",
                f"/nominations/{answering}",
                "/awaiting",
                f"/consultations/{open_consultation}/organisations/{org.id}",
                f"/decisions/{open_id}/proxy?organisation_id={org.id}",
                f"/agm/{next_agm}/proxies",
                "/themes/proposals/new",
                "/approvals",
                "/dashboard",
                f"/dashboard/organisations/{org.id}",
                f"/organisations/{org.id}/members",
                f"/organisations/{org.slug}/roles",
                f"/organisations/{org.slug}/profile",
                f"/organisations/{org.slug}/onboarding",
                f"/organisations/{org.slug}/needs-offers",
                f"/organisations/{org.slug}/introductions",
                "/events/series/global-wim-calls",
            ],
            SECRETARIAT: [
                "/approvals",
                "/dashboard",
                f"/dashboard/organisations/{org.id}",
                f"/dashboard/programmes/{programme.id}",
                f"/admin/programmes/{programme.id}",
                f"/admin/programmes/{programme.id}/proposals",
                f"/admin/runs/{run_id}",
                "/admin/organisations",
                "/admin/alliance",
                "/admin/applications",
                f"/admin/applications/{application_id}",
                "/admin/delegates",
                "/admin/positions",
                "/admin/introductions",
                "/admin/onboarding",
                "/admin/onboarding/progress",
                "/library/translations",
                f"/library/{resource_id}",
                "/groups/new",
                f"{group}/charter",
                f"{group}/status",
                f"{group}/members",
                f"{group}/meetings/schedule",
                f"{group}/discussion/new",
                f"/groups/role-models-mentors/discussion/{member_thread}",
                f"{group}/recommendations/new",
                f"/recommendations/{published}/translate",
                f"/results/{result_id}",
                "/admin/decisions",
                "/admin/decisions/new",
                f"/admin/decisions/{open_id}",
                f"/admin/decisions/{open_id}/close",
                f"/admin/decisions/{closed_id}",
                "/admin/consultations",
                "/admin/consultations/new",
                f"/admin/consultations/{open_consultation}",
                f"/admin/consultations/{past_consultation}/results",
                "/themes/proposals/vote",
                f"/themes/proposals/{proposal_id}/translations",
                f"/agm/{next_agm}/check-in",
                f"/admin/agm/{next_agm_id}/rules",
                f"/admin/agm/{next_agm_id}/items/new",
                "/admin/elections/new",
                f"/admin/elections/{nominating}/edit",
                f"/admin/elections/{nominating}/nominations",
                f"/elections/{counted}/record?count={recount}",
                "/admin/committee",
                f"/admin/committee/seats/{seat}/end",
                "/committee/space",
                "/committee/reports/new",
                f"/committee/reports/{draft}/edit",
                "/admin/metrics/indicators",
                "/admin/metrics/cycles",
                f"/admin/metrics/cycles/{cycle_id}",
                f"/admin/metrics/cycles/{cycle_id}/publish",
                f"/metrics/values/{value_id}",
                "/admin/reports",
                f"/admin/reports/{annual}",
            ],
            STEERING: [
                "/dashboard",
                f"/dashboard/organisations/{org.id}",
                f"/recommendations/{endorsing}",
                "/committee/space",
            ],
            ADMIN: ["/admin/users"],
        }


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _phone(browser):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE, "height": 812, "deviceScaleFactor": 1, "mobile": True},
    )


def _sign_in(browser, server, email):
    browser.delete_all_cookies()
    browser.get(f"{server}/login")
    fill(browser, "email", email)
    fill(browser, "password", demo.DEMO_PASSWORD)
    submit(browser, "main form")
    assert "/login" not in browser.current_url, f"{email} could not sign in"


def _choose_language(browser, server, locale):
    browser.get(f"{server}/")
    button = browser.find_element(
        By.CSS_SELECTOR, f".language-switcher button[value='{locale}']"
    )
    browser.execute_script("arguments[0].click()", button)
    browser.find_element(By.CSS_SELECTOR, f"html[lang='{locale}']")


def _page_width(browser):
    return browser.execute_script("return document.documentElement.scrollWidth")


def _header_height(browser):
    return browser.execute_script(
        "return document.querySelector('.site-header').getBoundingClientRect().height"
    )


def _screenshot_chart(browser, filename):
    charts = browser.find_elements(By.CSS_SELECTOR, "figure svg")
    if charts:
        browser.execute_script("arguments[0].scrollIntoView()", charts[-1])
        browser.save_screenshot(filename)


def _overflowing(browser):
    """The first few elements reaching past the screen's right edge, to fix them."""
    return browser.execute_script(
        """
        return [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().left + e.scrollWidth
                      > document.documentElement.clientWidth + 0.5)
          .slice(-3)
          .map(e => e.tagName.toLowerCase() + '.' + e.className + ' '
                    + Math.round(e.getBoundingClientRect().left + e.scrollWidth));
        """
    )


def _smallest_chart_text(browser):
    """The smallest rendered font size (px) of text inside the page's SVG charts."""
    return browser.execute_script(
        """
        const sizes = [...document.querySelectorAll('svg text')].map(t =>
          parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
        return sizes.length ? Math.min(...sizes) : null;
        """
    )


def _measure(browser, url, shots, name):
    """(page width, header height, smallest chart text or None) of one page."""
    browser.get(url)
    assert browser.find_element(By.TAG_NAME, "h1").text
    if shots:  # a folder, to look at the pages
        browser.save_screenshot(os.path.join(shots, f"{name}.png"))
        _screenshot_chart(browser, os.path.join(shots, f"chart-{name}.png"))
    return _page_width(browser), _header_height(browser), _smallest_chart_text(browser)


def _report(**measures):
    """PHONE_WIDTH_REPORT=file.json keeps every figure, to compare before/after."""
    if os.environ.get("PHONE_WIDTH_REPORT"):
        with open(os.environ["PHONE_WIDTH_REPORT"], "w") as out:
            json.dump(measures, out, indent=1)


def test_every_key_page_fits_a_phone(browser, live_server, real_forms, demo_pages):
    widths, headers, chart_text, problems = {}, {}, {}, []
    _phone(browser)
    for email, paths in demo_pages.items():
        _sign_in(browser, live_server, email)
        for locale in ("en", "fr"):
            _choose_language(browser, live_server, locale)
            for path in paths:
                page = f"{email.split('@')[0]} {locale} {path}"
                name = page.replace(" ", "-").replace("/", "_")
                width, header, text = _measure(
                    browser,
                    live_server + path,
                    os.environ.get("PHONE_SCREENSHOTS"),
                    name,
                )
                widths[page], headers[page] = width, header
                if width > PHONE:
                    problems.append(f"{page}: {width}px wide {_overflowing(browser)}")
                if header > MAX_HEADER_PX:
                    problems.append(f"{page}: header {header:.0f}px high")
                if text is not None:
                    chart_text[page] = text
                    if text < MIN_CHART_TEXT_PX:
                        problems.append(f"{page}: chart text {text:.1f}px")
    _report(widths=widths, headers=headers, chart_text=chart_text, problems=problems)
    assert not problems, "Not fit for a 375-px phone:\n" + "\n".join(problems)
