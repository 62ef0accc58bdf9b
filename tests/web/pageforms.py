"""Reading and submitting a page's forms as a browser does, for the journeys.

`submit(client, url, fill, having=..., press=...)` GETs a page, picks its form, sends
what a browser would send with the fields a person changed, and follows the
redirects; `sign_in`, `one` and `mail_to` are the journeys' small helpers.
"""

import re
from html.parser import HTMLParser

from mentorship.db import db


class Forms(HTMLParser):
    """Each form of a page: its action and method, the (name, value) pairs a browser
    would send without any change (hidden and text fields, selected options, checked
    boxes only), and its submit buttons (name, value, label)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._button = [], None, None, None
        self._textarea = None  # [name, text] while inside a <textarea>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": [],
                "names": set(),
                "buttons": [],
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]  # sent with its text at </textarea>
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "first": None, "chosen": None}
            self._form["names"].add(attrs["name"])
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self._button = [attrs.get("name"), attrs.get("value", ""), ""]
            self._form["buttons"].append(self._button)

    def _input(self, attrs):
        kind, name = (attrs.get("type") or "text").lower(), attrs.get("name")
        if not name or kind in ("button", "reset", "image", "file"):
            return
        if kind == "submit":
            self._form["buttons"].append([name, attrs.get("value", ""), ""])
            return
        self._form["names"].add(name)
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self._field(name, attrs.get("value", "on" if kind == "checkbox" else ""))

    def _field(self, name, value):
        self._form["names"].add(name)
        self._form["fields"].append((name, value))

    def handle_data(self, data):
        if self._button is not None:
            self._button[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "button":
            self._button = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the newline right after <textarea>.
            self._field(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            value = chosen if chosen is not None else self._select["first"]
            if value is not None:
                self._form["fields"].append((self._select["name"], value))
            self._select = None


def forms_of(page):
    reader = Forms()
    reader.feed(page.get_data(as_text=True))
    return reader.forms


def submit(client, url, fill=None, *, having=(), action=None, press=None, holding=None):
    """GET `url`, pick its form that has the fields `having` (and the `action`, if
    given, and the field values `holding`, e.g. the hidden organisation_id of one of
    several alike forms), change the fields in `fill` (a list for several values,
    None to untick), press the button whose label contains `press` (else the first),
    follow the redirects. Returns the last response."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    fill = fill or {}
    candidates = [
        (form, button)
        for form in forms_of(page)
        for button in form["buttons"]
        if form["method"] == "post"
        and set(having) <= form["names"]
        and (action is None or form["action"] == action)
        and set((holding or {}).items()) <= set(form["fields"])
        and (press is None or press in button[2])
    ]
    assert candidates, f"no such form or button on {url}"
    form, (button, pressed, _label) = candidates[0]
    assert set(fill) <= form["names"], set(fill) - form["names"]
    data = [(key, value) for key, value in form["fields"] if key not in fill]
    for field, chosen in fill.items():
        values = chosen if isinstance(chosen, list) else [chosen]
        data += [(field, v) for v in values if v is not None]
    if button:
        data.append((button, pressed))
    target = form["action"] or url
    body = {}
    for key, value in data:
        body.setdefault(key, []).append(value)
    return client.post(target, data=body, follow_redirects=True)


def text_of(response):
    return response.get_data(as_text=True)


def sign_in(client, email, password):
    response = submit(
        client, "/login", {"email": email, "password": password}, having=["password"]
    )
    assert response.status_code == 200
    assert client.get("/account").status_code == 200, f"{email} is not signed in"
    return response


def holds(page, person, role):
    """The roles table of `page` has a row: `person` holds `role`."""
    row = rf'<th scope="row">{re.escape(person)}</th>\s*<td>{re.escape(role)}</td>'
    return re.search(row, page) is not None


def one(query):
    db.session.expire_all()
    return db.session.scalar(query)


def mail_to(outbox, address):
    return [message for message in outbox if address in message.to]
