"""Faster paths render exactly what the stock ones did (issue 18)."""

from flask_babel import force_locale
from wtforms import Form, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from mentorship.forms import QuickSelect
from mentorship.profiles.forms import country_choices, timezone_choices

CHOICES = [
    SelectChoice("", "Select..."),
    SelectChoice("a&b", "Tom & <Jerry>", optgroup='Group "1"'),
    SelectChoice("x", "Plain", optgroup='Group "1"'),
    SelectChoice("y", "Other", optgroup="Two", render_kw={"data-k": "v"}),
]


def _render(widget, data):
    class F(Form):
        pick = SelectField(choices=CHOICES, widget=widget)

    form = F(data={"pick": data})
    return form.pick()


def test_quick_select_writes_the_stock_markup():
    for data in ("", "a&b", "x", "y", "missing"):
        assert _render(QuickSelect(), data) == _render(Select(), data)


def _boxes(quick, data, **field_kw):
    from wtforms.validators import InputRequired
    from wtforms.widgets import CheckboxInput, ListWidget

    from mentorship.forms import QuickCheckbox, quick_options

    class Boxes(SelectMultipleField):
        widget = ListWidget(prefix_label=False)
        option_widget = QuickCheckbox() if quick else CheckboxInput()

        def __iter__(self):
            options = super().__iter__()
            return quick_options(options) if quick else options

    if field_kw.pop("required", False):
        field_kw["validators"] = [InputRequired()]

    class F(Form):
        pick = Boxes(choices=CHOICES[1:], **field_kw)

    form = F(data={"pick": data})
    return [
        (str(option()), str(option.label()), str(option.label("Other <text>")))
        for option in form.pick
    ] + [str(next(iter(form.pick))(aria_invalid="true"))]


def test_quick_checkboxes_write_the_stock_markup():
    for data in ([], ["a&b"], ["x", "y"], ["missing"]):
        assert _boxes(True, data) == _boxes(False, data)
        assert _boxes(True, data, required=True) == _boxes(False, data, required=True)
        kw = {"render_kw": {"class": "c"}}
        assert _boxes(True, data, **kw) == _boxes(False, data, **kw)
    assert 'checked id="pick-0"' in _boxes(True, ["a&b"])[0][0]
    assert "Tom &amp; &lt;Jerry&gt;" in _boxes(True, [])[0][1]


def test_choice_lists_are_built_per_language(app):
    with app.test_request_context():
        with force_locale("fr"):
            french = timezone_choices()
            countries_fr = country_choices()
        with force_locale("en"):
            english = timezone_choices()
            countries_en = country_choices()
    assert [c.value for c in french] != [] and {c.value for c in french} == {
        c.value for c in english
    }
    labels_fr = {c.value: c.label for c in french}
    labels_en = {c.value: c.label for c in english}
    assert labels_fr["Europe/Paris"].startswith("France")
    assert labels_en["Africa/Johannesburg"].startswith("South Africa")
    assert labels_fr["Africa/Johannesburg"].startswith("Afrique du Sud")
    assert dict((c.value, c.label) for c in countries_fr)["DE"] == "Allemagne"
    assert dict((c.value, c.label) for c in countries_en)["DE"] == "Germany"


def test_a_zone_no_longer_offered_is_still_shown(app):
    with app.test_request_context(), force_locale("en"):
        assert "Asia/Calcutta" in {c.value for c in timezone_choices("Asia/Calcutta")}
        assert "Asia/Calcutta" not in {c.value for c in timezone_choices()}


def test_static_files_have_versioned_addresses_cached_for_a_year(app, client):
    with app.test_request_context():
        from flask import url_for

        address = url_for("static", filename="css/app.css")
    assert "?v=" in address
    response = client.get(address)
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable
    response.close()
    for stale in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(stale)
        assert response.status_code == 200
        assert response.cache_control.max_age != 365 * 24 * 3600
        assert not response.cache_control.immutable
        response.close()


def test_pages_link_the_versioned_stylesheet(client):
    page = client.get("/").data.decode()
    assert "/static/css/app.css?v=" in page


def test_quick_select_keeps_a_long_lists_markup_and_still_writes_the_stock_markup(app):
    """A long plain list (time zones) is written once and kept; each field's value
    is marked selected as the stock widget marks it."""
    with app.test_request_context(), force_locale("en"):
        zones = timezone_choices("Asia/Calcutta")

        def render(widget, data, choices):
            class F(Form):
                pick = SelectField(choices=choices, widget=widget)

            return F(data={"pick": data}).pick()

        for data in (None, "", "Europe/Paris", "Asia/Calcutta", "Nowhere/Land"):
            for _ in range(2):  # written, then from the kept markup
                quick = render(QuickSelect(), data, zones)
                assert quick == render(Select(), data, zones), data
        assert 'selected value="Europe/Paris"' in render(
            QuickSelect(), "Europe/Paris", zones
        )
