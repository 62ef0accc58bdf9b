"""The approval queue's two profiles, measured in Chromium: side by side on a wide
screen, stacked on a phone, never overlapping, in French (the longest labels)."""

import pytest
from selenium.webdriver.common.by import By

from ..web.flow import enrol, make_programme, released_proposal
from .test_journeys import click_and_wait, log_in

LONG_GOALS = (
    "Je souhaite préparer la réhabilitation progressive et la fermeture d'une mine "
    "d'or à ciel ouvert, en associant les communautés riveraines dès la conception."
)

CARDS = """
return Array.from(document.querySelectorAll('article.proposal')).map(a => {
  const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const cards = Array.from(a.querySelectorAll('section[aria-label]'));
  return {cards: cards.map(box),
          overflow: cards.some(c => c.scrollWidth > c.clientWidth + 1),
          inner: cards.flatMap(c => Array.from(c.querySelectorAll('dt, dd')).map(box))};
});
"""


def overlap(a, b):
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_queue_profiles_never_overlap_in_french(
    app, live_server, browser, real_forms, make_org, make_user, width
):
    org_a = make_org(name="Femmes et Mines du Sénégal, section Casamance")
    org_b = make_org(name="Women in Mining Peru")
    coordinator = make_user(
        email=f"coord{width}@example.org", org=org_a, roles=["coordinator"]
    )
    programme = make_programme()
    for i in range(3):
        mentee = enrol(
            programme,
            make_user(org=org_a, name=f"Awa Ndiaye-Sarr {i}", locale="fr"),
            "mentee",
            languages=["fr"],
        )
        mentee.goals = LONG_GOALS
        mentor = enrol(
            programme,
            make_user(org=org_b, name=f"Rosa {i}"),
            "mentor",
            languages=["fr"],
        )
        released_proposal(programme, mentee, mentor)

    log_in(browser, live_server, coordinator.email)
    switch = browser.find_element(
        By.CSS_SELECTOR, "form[action='/language'] button[value='fr']"
    )
    click_and_wait(browser, switch)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    browser.get(f"{live_server}/approvals")
    assert "Objectifs pour ce programme" in browser.page_source
    proposals = browser.execute_script(CARDS)
    assert len(proposals) == 3
    viewport = browser.execute_script("return window.innerWidth")
    for proposal in proposals:
        mentee_card, mentor_card = proposal["cards"]
        assert not overlap(mentee_card, mentor_card), proposal
        assert not proposal["overflow"]
        assert all(box["right"] <= viewport + 0.5 for box in proposal["cards"])
        if width >= 1000:  # side by side
            assert mentee_card["right"] <= mentor_card["left"]
            assert abs(mentee_card["top"] - mentor_card["top"]) < 1
        else:  # stacked
            assert mentee_card["bottom"] <= mentor_card["top"]
        labels = proposal["inner"]
        for i, a in enumerate(labels):  # no label runs into its value or another
            for b in labels[i + 1 :]:
                assert not overlap(a, b), (a, b)
