"""Forms of the library: a resource's description, a file upload, publishing
actions, a translator's assignment. The uploaded file itself is read from
`request.files` by the view and checked by `core.uploads` (BaseForm reads only
form fields)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core import translated
from ..core.models import Body
from ..db import db
from ..forms import BaseForm, at_most, db_id, strip, translated_text_field
from ..organisations.models import Organisation, Theme
from . import labels


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _optional_id(value):
    if value in (None, "", "None"):
        return None
    return db_id(value)


def _choices(mapping):
    return [SelectChoice(code, label) for code, label in mapping.items()]


class ResourceForm(BaseForm):
    title = translated_text_field(
        _l("Title"),
        limit=200,
        area=False,
        required=_l("Enter the title in at least one language."),
    )
    summary = translated_text_field(_l("Summary"), limit=2000)
    tags = translated_text_field(
        _l("Tags (separated by commas)"), limit=300, area=False
    )
    kind = SelectField(
        _l("Type"),
        validators=[InputRequired(message=_l("Choose a type."))],
        invalid_choice_message=_l("Choose a type."),
    )
    source_lang = SelectField(
        _l("Language of the source file"),
        invalid_choice_message=_l("Choose a language."),
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=db_id, validate_choice=False)
    groups = MultiCheckboxField(
        _l("Working groups"), coerce=db_id, validate_choice=False
    )
    visibility = SelectField(
        _l("Who may read it"), invalid_choice_message=_l("Choose who may read it.")
    )
    group_id = SelectField(
        _l("Working group that may read it"),
        coerce=_optional_id,
        validate_choice=False,
        validators=[Optional()],
    )
    owner_organisation_id = SelectField(
        _l("Owner organisation"), coerce=_optional_id, validate_choice=False
    )
    owner_body_id = SelectField(
        _l("Or owner body"), coerce=_optional_id, validate_choice=False
    )
    licence = SelectField(_l("Licence"), invalid_choice_message=_l("Choose a licence."))
    link_url = StringField(
        _l("Link (instead of or beside a file)"),
        filters=[strip],
        validators=[at_most(500)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = labels.reader_lang()
        self.kind.choices = _choices(labels.KINDS)
        self.visibility.choices = _choices(labels.VISIBILITIES)
        self.licence.choices = _choices(labels.LICENCES)
        self.source_lang.choices = [
            SelectChoice(code, labels.language(code)) for code in translated.languages()
        ]
        self.theme_rows = db.session.scalars(
            sa.select(Theme).order_by(Theme.slug)
        ).all()
        self.themes.choices = [
            (t.id, translated.resolve(t.name, lang).body) for t in self.theme_rows
        ]
        self.group_rows = db.session.scalars(
            sa.select(Body).where(Body.kind == "working_group").order_by(Body.slug)
        ).all()
        group_choices = [
            (b.id, translated.resolve(b.name, lang).body) for b in self.group_rows
        ]
        self.groups.choices = group_choices
        none = [("", _l("None"))]
        self.group_id.choices = none + group_choices
        self.owner_body_id.choices = none + group_choices
        self.owner_organisation_id.choices = none + [
            (o.id, o.name)
            for o in db.session.scalars(
                sa.select(Organisation)
                .where(Organisation.status == "member")
                .order_by(Organisation.name)
            )
        ]
        self.chosen_themes, self.chosen_groups = [], []

    def validate_themes(self, field):
        known = {t.id: t for t in self.theme_rows}
        if any(value not in known for value in field.data or ()):
            raise ValidationError(_l("Choose among the themes shown."))
        self.chosen_themes = [known[value] for value in field.data or ()]

    def validate_groups(self, field):
        known = {b.id: b for b in self.group_rows}
        if any(value not in known for value in field.data or ()):
            raise ValidationError(_l("Choose among the working groups shown."))
        self.chosen_groups = [known[value] for value in field.data or ()]

    def validate_group_id(self, field):
        known = {b.id for b in self.group_rows}
        if self.visibility.data == "working_group" and field.data not in known:
            raise ValidationError(_l("Choose the working group that may read it."))

    def validate_owner_body_id(self, field):
        if field.data is not None and field.data not in {b.id for b in self.group_rows}:
            raise ValidationError(_l("Choose among the working groups shown."))

    def validate_owner_organisation_id(self, field):
        if field.data is None:
            return
        exists = db.session.get(Organisation, field.data)
        if exists is None or exists.status != "member":
            raise ValidationError(_l("Choose among the organisations shown."))

    def validate_link_url(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Enter an address starting with https://."))


class UploadForm(BaseForm):
    lang = SelectField(
        _l("Language of the file"), invalid_choice_message=_l("Choose a language.")
    )

    def __init__(self, *args, langs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang.choices = [
            SelectChoice(code, labels.language(code))
            for code in (langs or translated.languages())
        ]


class ActionForm(BaseForm):
    """A button (publish, archive, review, delete): only the CSRF token."""


class AssignForm(BaseForm):
    lang = SelectField(_l("Language"), invalid_choice_message=_l("Choose a language."))
    user_id = SelectField(
        _l("Translator"),
        coerce=_optional_id,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose a translator."))],
    )

    def __init__(self, *args, translators=(), langs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lang.choices = [
            SelectChoice(code, labels.language(code)) for code in langs
        ]
        self.people = {person.id: person for person in translators}
        self.user_id.choices = [(p.id, p.name) for p in translators]

    def validate_user_id(self, field):
        if field.data not in self.people:
            raise ValidationError(_l("Choose among the translators shown."))
