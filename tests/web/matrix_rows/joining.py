"""Joining the Alliance: the public form, her private link, the Secretariat's review."""

from mentorship.db import db
from mentorship.joining import services

from ..policy_rows import ANYONE_REDIRECTED, PUBLIC, STAFF_PAGE, STAFF_POST

APPLY = {
    "name": "WIM Newcomer",
    "country": "GH",
    "region": "africa",
    "description": "Women in mining in Ghana.",
    "description_lang": "en",
    "working_languages": ["en"],
    "contact_name": "Efua Mensah",
    "contact_email": "efua@newcomer.example.org",
    "contact_title": "President",
    "contact_locale": "en",
    "agree": "y",
}

PUBLIC_ENDPOINTS = {"joining.apply", "joining.status"}

ROWS = {
    ("joining.apply", "GET"): ("/join", {}, PUBLIC),
    # Anyone may apply, signed in or not: the answer is the confirmation page.
    ("joining.apply", "POST"): ("/join", APPLY, PUBLIC),
    # Her link is the key: whoever holds it sees the application and may answer.
    ("joining.status", "GET"): ("/join/{application_token}", {}, PUBLIC),
    ("joining.status", "POST"): (
        "/join/{application_token}",
        {"answer": "Forty members."},
        ANYONE_REDIRECTED,
    ),
    ("joining.review", "GET"): ("/admin/applications", {}, STAFF_PAGE),
    ("joining.application", "GET"): (
        "/admin/applications/{application_id}",
        {},
        STAFF_PAGE,
    ),
    ("joining.application", "POST"): (
        "/admin/applications/{application_id}",
        {"action": "decline", "decline-reason": "Not a WIM organisation yet."},
        STAFF_POST,
    ),
}


def world(ids, people, make_org, make_user):
    """An application waiting for its contact's answer."""
    application = services.submit(
        {
            "name": "WIM Applicant",
            "country": "KE",
            "region": "africa",
            "website": "",
            "description": "Women in mining in Kenya.",
            "description_lang": "en",
            "working_languages": ["en", "sw"],
            "founding_year": None,
            "size_band": None,
            "contact_name": "Wanjiru Kamau",
            "contact_email": "wanjiru@applicant.example.org",
            "contact_title": "Founder",
            "contact_locale": "en",
        }
    )
    services.request_info(application, "How many members?", people["secretariat"])
    db.session.commit()
    return {
        "application_id": application.id,
        "application_token": services.application_token(application),
    }
