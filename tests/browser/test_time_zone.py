"""The profile form suggests the browser's time zone (static/js/timezone.js)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .test_journeys import log_in


@pytest.mark.parametrize(
    ("browser_zone", "suggested"),
    [
        ("Asia/Calcutta", "Asia/Kolkata"),  # Chromium's name for India's zone
        # Same clock as Chicago, offered once; Winnipeg too, but her browser is en-US.
        ("America/Indiana/Knox", "America/Chicago"),
        ("America/Detroit", "America/New_York"),  # not the Bahamas' same clock
        ("Europe/Paris", "Europe/Paris"),
    ],
)
def test_new_profile_suggests_the_browser_zone(
    browser, live_server, real_forms, make_org, make_user, browser_zone, suggested
):
    user = make_user(org=make_org(country="ZA"))
    browser.execute_cdp_cmd(
        "Emulation.setTimezoneOverride", {"timezoneId": browser_zone}
    )
    browser.execute_cdp_cmd("Emulation.setLocaleOverride", {"locale": "en-US"})
    log_in(browser, live_server, user.email)
    browser.get(f"{live_server}/profile/mentee")
    select = Select(browser.find_element(By.CSS_SELECTOR, "select[name='timezone']"))
    assert select.first_selected_option.get_attribute("value") == suggested


def test_without_the_browser_zone_her_country_zone_stays(
    browser, live_server, real_forms, make_org, make_user
):
    user = make_user(org=make_org(country="ZA"))
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    log_in(browser, live_server, user.email)
    browser.get(f"{live_server}/profile/mentee")
    select = Select(browser.find_element(By.CSS_SELECTOR, "select[name='timezone']"))
    assert select.first_selected_option.get_attribute("value") == "Africa/Johannesburg"
