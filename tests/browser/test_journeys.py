"""Real journeys in headless Chromium, forms posted with CSRF as in production."""

import re

import sqlalchemy as sa
from selenium.common.exceptions import (
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from mentorship.db import db
from mentorship.matches.models import MatchRun, Proposal
from mentorship.mentorships.models import Mentorship

from ..conftest import PASSWORD
from ..web.flow import enrol, make_programme


def fill(browser, name, value):
    field = browser.find_element(By.CSS_SELECTOR, f"main [name='{name}']")
    field.clear()
    field.send_keys(value)


def choose(browser, name, value):
    element = browser.find_element(By.CSS_SELECTOR, f"main select[name='{name}']")
    Select(element).select_by_value(str(value))


def tick(browser, name, value):
    box = browser.find_element(
        By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']"
    )
    if not box.is_selected():
        box.click()


def click_and_wait(browser, element):
    """Click, then wait for the next page: a POST must finish before we move on."""
    page = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 10).until(lambda _: _is_gone(page))


def _is_gone(page):
    """True once `page` left the document. Chromium sometimes reports a node of the
    old page as "not belonging to the document" instead of stale: that is gone too."""
    try:
        page.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def submit(browser, form_css="main form.stacked"):
    button = browser.find_element(By.CSS_SELECTOR, f"{form_css} button[type=submit]")
    click_and_wait(browser, button)


def press(browser, xpath):
    click_and_wait(browser, browser.find_element(By.XPATH, xpath))


def html_lang(browser):
    return browser.find_element(By.TAG_NAME, "html").get_attribute("lang")


def log_in(browser, server, email):
    browser.get(f"{server}/login")
    fill(browser, "email", email)
    fill(browser, "password", PASSWORD)
    submit(browser, "main form")


def log_out(browser):
    button = browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button")
    click_and_wait(browser, button)


def fill_profile(browser, role):
    fill(browser, "headline", "Geologist turned ESG lead")
    fill(
        browser, "focus", "Mine closure planning, tailings and community relations work"
    )
    for tag in ("geology", "mine_closure"):
        tick(browser, "tags", tag)
    choose(browser, "discipline", "geology")
    choose(browser, "career_stage", "senior" if role == "mentor" else "early_career")
    fill(browser, "years_experience", "12" if role == "mentor" else "3")
    choose(browser, "commodity", "gold")
    choose(browser, "operation_type", "open_pit")
    choose(browser, "country", "GH")
    choose(browser, "timezone", "Africa/Accra")
    tick(browser, "languages", "fr")
    fill(browser, "availability_hours", "4")
    if role == "mentor":
        fill(browser, "capacity", "2")
    submit(browser)


def test_newcomer_registers_verifies_switches_language_fills_profiles(
    app, live_server, browser, real_forms, make_org, outbox
):
    org = make_org(name="Women in Mining Ghana", country="GH")
    browser.get(f"{live_server}/register")
    fill(browser, "name", "Akosua Mensah")
    fill(browser, "email", "akosua@example.org")
    fill(browser, "password", "correct horse battery staple")
    fill(browser, "confirm", "correct horse battery staple")
    choose(browser, "organisation", org.id)
    choose(browser, "locale", "en")
    browser.find_element(By.CSS_SELECTOR, "main [name=consent]").click()
    submit(browser)
    assert "Check your email" in browser.page_source

    # The link is on BASE_URL; the live server stands in for it here.
    path = re.search(r"https?://[^/\s]+(/verify/\S+)", outbox[-1].body).group(1)
    browser.get(f"{live_server}{path}")
    assert "/profile" in browser.current_url  # the link's first use signs her in
    assert "confirm your email" not in browser.page_source.lower()

    press(browser, "//form[@class='language-switcher']/button[@value='fr']")
    assert html_lang(browser) == "fr"
    press(browser, "//form[@class='language-switcher']/button[@value='es']")
    assert html_lang(browser) == "es"
    press(browser, "//form[@class='language-switcher']/button[@value='en']")

    for role in ("mentor", "mentee"):
        browser.get(f"{live_server}/profile/{role}")
        fill_profile(browser, role)
        errors = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".error")]
        assert browser.current_url.endswith("/profile"), errors
    assert "Geologist turned ESG lead" in browser.page_source

    log_out(browser)
    browser.get(f"{live_server}/profile")
    assert "/login" in browser.current_url


def test_run_approve_accept_happy_path(
    app, live_server, browser, real_forms, make_org, make_user
):
    org_a, org_b = make_org(name="WIM Senegal"), make_org(name="WIM Peru")
    secretariat = make_user(email="sec@example.org", roles=["secretariat"])
    coord_a = make_user(email="coord.a@example.org", org=org_a, roles=["coordinator"])
    coord_b = make_user(email="coord.b@example.org", org=org_b, roles=["coordinator"])
    mentee = make_user(email="awa@example.org", org=org_a, name="Awa")
    mentor = make_user(email="rosa@example.org", org=org_b, name="Rosa")
    programme = make_programme()
    enrol(programme, mentee, "mentee", languages=["fr", "es"])
    enrol(programme, mentor, "mentor", languages=["es", "fr"], capacity=1)

    log_in(browser, live_server, secretariat.email)
    browser.get(f"{live_server}/admin/programmes/{programme.id}")
    press(browser, "//button[contains(., 'Start a match run')]")
    assert "Awa" in browser.page_source and "Rosa" in browser.page_source
    assert "Fit score" in browser.page_source
    press(browser, "//a[contains(., 'Release these proposals')]")
    assert "1 proposal will be sent to the coordinators" in browser.page_source
    press(browser, "//button[contains(., 'Release 1 proposal')]")
    log_out(browser)

    for coordinator in (coord_a, coord_b):
        log_in(browser, live_server, coordinator.email)
        browser.get(f"{live_server}/approvals")
        press(browser, "//button[normalize-space()='Approve']")
        assert "Approved" in browser.page_source
        log_out(browser)

    proposal = db.session.scalar(sa.select(Proposal))
    for person in (mentee, mentor):
        log_in(browser, live_server, person.email)
        browser.get(f"{live_server}/offers/{proposal.id}")
        press(browser, "//button[normalize-space()='Accept']")
        log_out(browser)

    db.session.expire_all()
    assert db.session.scalar(sa.select(MatchRun.status)) == "released"
    mentorship = db.session.scalar(sa.select(Mentorship))
    assert mentorship is not None and mentorship.status == "active"
    log_in(browser, live_server, mentee.email)
    browser.get(f"{live_server}/mentorships/{mentorship.id}")
    assert "Rosa" in browser.page_source and mentor.email in browser.page_source


def test_the_pair_runs_its_mentorship(
    app, live_server, browser, real_forms, make_org, make_user
):
    from datetime import date, timedelta

    from mentorship.mentorships.models import Goal, Meeting
    from mentorship.surveys.models import SurveyResponse

    from ..web.flow import make_mentorship

    mentorship, mentee, mentor = make_mentorship(make_org, make_user)
    mentorship_url = f"{live_server}/mentorships/{mentorship.id}"

    log_in(browser, live_server, mentee.email)
    browser.get(mentorship_url)
    fill(browser, "goal-title", "Prepare a mine closure plan")
    submit(browser, "main form[action$='/goals']")
    held_on = browser.find_element(By.CSS_SELECTOR, "main [name=meeting-held_on]")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    browser.execute_script("arguments[0].value = arguments[1]", held_on, yesterday)
    fill(browser, "meeting-duration_minutes", "45")
    tick(browser, "meeting-mode", "online")
    fill(browser, "meeting-topics", "Closure costs and community consultation")
    submit(browser, "main form[action$='/meetings']")
    note = browser.find_element(By.CSS_SELECTOR, "main form[action$='/note'] textarea")
    note.send_keys("PRIVATE-NOTE-OF-THE-MENTEE")
    submit(browser, "main form[action$='/note']")
    assert "PRIVATE-NOTE-OF-THE-MENTEE" in browser.page_source

    browser.get(f"{live_server}/surveys/{mentorship.id}/baseline")
    tick(browser, "confidence", "2")
    submit(browser, "main form")
    log_out(browser)

    log_in(browser, live_server, mentor.email)
    browser.get(mentorship_url)
    page = browser.page_source
    assert "Prepare a mine closure plan" in page
    assert "Closure costs and community consultation" in page
    assert "PRIVATE-NOTE-OF-THE-MENTEE" not in page  # notes belong to their author

    db.session.expire_all()
    assert db.session.scalar(sa.select(Goal.title)) == "Prepare a mine closure plan"
    assert db.session.scalar(sa.select(Meeting.duration_minutes)) == 45
    answer = db.session.scalar(sa.select(SurveyResponse))
    assert answer.stage == "baseline" and answer.role == "mentee"
    assert answer.confidence == 2
