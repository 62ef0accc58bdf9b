"""Three languages: complete catalogues, matching placeholders, locale choice."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "mentorship" / "translations"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _source_messages():
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    # Babel's default filter skips folders starting with "_": not our _partials/.
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: not Path(path).name.startswith("."),
    ):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def source_messages():
    return _source_messages()


def _catalogue(locale):
    with open(CATALOGUES / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


def _placeholders(text):
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_source_has_messages(source_messages):
    assert len(source_messages) > 100
    assert "Approvals" in source_messages  # from templates/_partials/nav.html


@pytest.mark.parametrize("locale", ["fr", "es"])
def test_catalogue_is_complete(locale, source_messages):
    catalogue = _catalogue(locale)
    missing = []
    for msgid, where in source_messages.items():
        entry = catalogue.get(msgid)
        strings = entry.string if entry else None
        plural = isinstance(strings, (list, tuple))
        done = all(strings) if plural else bool(strings)
        if entry is None or not done or entry.fuzzy:
            missing.append(f"{where}: {msgid!r}")
    assert not missing, f"{len(missing)} untranslated in {locale}:\n" + "\n".join(
        missing[:40]
    )


@pytest.mark.parametrize("locale", ["fr", "es"])
def test_placeholders_match(locale):
    wrong = []
    for entry in _catalogue(locale):
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, (list, tuple)) else [entry.id]
        strings = (
            entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
        )
        expected = _placeholders(ids[0])
        for text in strings:
            if text and _placeholders(text) != expected:
                wrong.append(f"{entry.id!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_accept_language_then_choice_then_profile(client, make_user, auth):
    page = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert b'<html lang="es">' in page.data
    client.post("/language", data={"locale": "fr", "next": "/"})
    page = client.get("/", headers={"Accept-Language": "es"})
    assert b'<html lang="fr">' in page.data


def test_profile_language_used_after_login(app, make_user):
    user = make_user(locale="es")
    client = app.test_client()
    client.post(
        "/login", data={"email": user.email, "password": "a long enough passphrase"}
    )
    page = client.get("/", headers={"Accept-Language": "en"})
    assert b'<html lang="es">' in page.data


def test_unknown_language_is_ignored(client):
    response = client.post("/language", data={"locale": "xx", "next": "/"})
    assert response.status_code == 302
    assert b'<html lang="en">' in client.get("/").data


def test_language_switch_never_redirects_off_site(client):
    response = client.post(
        "/language", data={"locale": "fr", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_error_page_in_reader_language(client):
    client.post("/language", data={"locale": "fr", "next": "/"})
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b'<html lang="fr">' in response.data


def test_switching_language_keeps_the_account_email_language(client, make_user, auth):
    """The switcher changes the pages she sees, not the language of her emails."""
    from mentorship.auth.models import User
    from mentorship.db import db

    user = make_user(locale="es")
    auth.login(user.email)
    client.post("/language", data={"locale": "fr", "next": "/"})
    assert b'<html lang="fr">' in client.get("/").data
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "es"
    # The account page says which language her emails use, and offers to change it.
    page = client.get("/account").get_data(as_text=True)
    assert "Espa\u00f1ol" in page
    assert re.search(r'<option selected value="es">', page)


# --- French typography ------------------------------------------------------------
# Expected to FAIL until the lead fixes the catalogue (the helpers do not edit it).

_URL = re.compile(r"[a-z]+://\S*")
_PLACEHOLDER_OR_TIME = re.compile(r"%\(\w+\)[sd]|\{\w+\}|\d{1,2}:\d{2}")
_TAG = re.compile(r"<[^>]*>")


def _prose(text):
    """The words a reader sees: a placeholder stands for a word, a time for a number."""
    text = _TAG.sub("", _URL.sub(" ", text))
    return _PLACEHOLDER_OR_TIME.sub("X", text)


_TIGHT_PUNCTUATION = re.compile(r"\S[:;?!]")
# A person's name may begin with a vowel ("d'Amina", not "de Amina"): French needs a
# phrasing that does not put "de" right before her name.
_DE_BEFORE_NAME = re.compile(r"\b(?:de|que|le|la) %\((?:name|mentee|mentor|partner)\)s")


def _french_texts():
    for message in _catalogue("fr"):
        if not message.id:
            continue
        strings = (
            message.string if isinstance(message.string, tuple) else [message.string]
        )
        for text in strings:
            if text:
                yield message.id, text


def test_french_puts_a_space_before_high_punctuation():
    """'Nom :', 'Pourquoi ?', 'Merci !': a space before : ; ? ! in French."""
    wrong = [
        f"{msgid!r} -> {text!r}"
        for msgid, text in _french_texts()
        if _TIGHT_PUNCTUATION.search(_prose(text))
    ]
    assert not wrong, f"{len(wrong)} French strings:\n" + "\n".join(wrong)


def test_french_does_not_put_de_before_a_name():
    """'de %(name)s' reads 'de Amina': French elides ('d'Amina'); rephrase."""
    wrong = [
        f"{msgid!r} -> {text!r}"
        for msgid, text in _french_texts()
        if _DE_BEFORE_NAME.search(text)
    ]
    assert not wrong, f"{len(wrong)} French strings:\n" + "\n".join(wrong)
