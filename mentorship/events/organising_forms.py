"""Forms of the organising part: a series, a session, cancelling, a message to
registrants."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from .. import vocab
from ..core.models import Body, BodyKind
from ..db import db
from ..forms import (
    BaseForm,
    at_most,
    clean_line,
    long_text,
    plain_name,
    spoken_language_field,
    strip,
    time_zone_field,
    translated_text_field,
    within,
)
from ..i18n import language_name, localized
from ..organisations.models import Theme
from ..profiles.forms import MultiCheckboxField, language_choices, timezone_choices
from .models import Audience, SeriesKind

NAME_MAX, TEXT_MAX, LINK_MAX, QUESTION_MAX = 200, 10_000, 500, 300
MAX_QUESTIONS = 5
QUESTION_LANGUAGES = ("en", "fr", "es")
SESSION_DATES = (date(2000, 1, 1), date(2100, 12, 31))
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_MESSAGE = _l("Enter a date and time such as 2027-03-31 14:00.")
UNKNOWN = _l("Choose one of the options.")
REMINDER_CHOICES = [
    SelectChoice(str(7 * 24 * 60), _l("7 days before")),
    SelectChoice(str(24 * 60), _l("24 hours before")),
    SelectChoice(str(60), _l("1 hour before")),
]
KIND_LABELS = {
    SeriesKind.CALL: _l("Global WIM Call"),
    SeriesKind.ROUND_TABLE: _l("Round table"),
    SeriesKind.WORKING_GROUP: _l("Working-group meeting"),
    SeriesKind.OTHER: _l("Other"),
}
AUDIENCE_LABELS = {
    Audience.LEADERS: _l("Leaders of member organisations"),
    Audience.MEMBERS: _l("People of member organisations"),
    Audience.WORKING_GROUP: _l("Members of the working group"),
    Audience.PUBLIC: _l("Anyone with an account"),
}


def _choices(labels):
    return [SelectChoice(str(code), label) for code, label in labels.items()]


def _local(label, required=None):
    validators = [InputRequired(message=required)] if required else [Optional()]
    return DateTimeLocalField(
        label,
        format=LOCAL_FORMAT,
        validators=[*validators, within(*SESSION_DATES)],
        invalid_value_message=DATETIME_MESSAGE,
    )


def _count(label, maximum=100_000):
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=maximum,
                message=_l("Enter a whole number from 1 to %(max)d.", max=maximum),
            ),
        ],
    )


class SeriesForm(BaseForm):
    name = translated_text_field(
        _l("Name"),
        limit=NAME_MAX,
        area=False,
        required=_l("Enter the name in at least one language."),
    )
    description = translated_text_field(_l("Description"), limit=TEXT_MAX)
    kind = SelectField(
        _l("Kind"), choices=_choices(KIND_LABELS), invalid_choice_message=UNKNOWN
    )
    body_id = SelectField(
        _l("Working group"),
        choices=[],
        invalid_choice_message=UNKNOWN,
        description=_l("Its chair and champions organise the series' sessions."),
    )
    default_audience = SelectField(
        _l("Default audience of its sessions"),
        choices=_choices(AUDIENCE_LABELS),
        invalid_choice_message=UNKNOWN,
    )
    reminders = MultiCheckboxField(
        _l("Reminders before each session"),
        choices=REMINDER_CHOICES,
        invalid_choice_message=UNKNOWN,
    )
    custom_hours = StringField(
        _l("Other reminders, in hours before the start"),
        filters=[strip],
        validators=[at_most(60)],
        description=_l("Whole numbers separated by commas, e.g. 2, 48."),
    )
    confirm_hours = _count(_l("A freed seat must be confirmed within (hours)"), 168)
    offers_certificate = BooleanField(_l("Attendance certificate offered"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = db.session.scalars(
            sa.select(Body).where(Body.kind == BodyKind.WORKING_GROUP).order_by(Body.id)
        ).all()
        self.body_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(str(body.id), localized(body, "name")) for body in bodies
        ]

    def validate_custom_hours(self, field):
        self.custom_minutes = []
        for part in (field.data or "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 24 * 60:
                raise ValidationError(
                    _l("Enter whole numbers of hours from 1 to 1440, e.g. 2, 48.")
                )
            self.custom_minutes.append(int(part) * 60)

    def reminder_minutes(self):
        return [int(m) for m in self.reminders.data or ()] + getattr(
            self, "custom_minutes", []
        )


class QuestionForm(Form):
    required = BooleanField(_l("An answer is required"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for lang in QUESTION_LANGUAGES:  # named in the reader's language (CLDR)
            getattr(self, lang).label.text = language_name(lang)


for _lang in QUESTION_LANGUAGES:
    setattr(
        QuestionForm,
        _lang,
        StringField(
            _lang,
            filters=[clean_line, strip],
            validators=[at_most(QUESTION_MAX), plain_name],
            render_kw={"lang": _lang},
        ),
    )


def _https(form, field):
    value = field.data or ""
    if value and (not value.startswith("https://") or len(value) <= len("https://")):
        raise ValidationError(_l("The joining link must start with https://."))
    if any(ch.isspace() for ch in value):
        raise ValidationError(_l("The joining link cannot contain spaces."))


class SessionForm(BaseForm):
    title = translated_text_field(
        _l("Title"),
        limit=NAME_MAX,
        area=False,
        required=_l("Enter the title in at least one language."),
    )
    description = translated_text_field(_l("Description"), limit=TEXT_MAX)
    agenda = translated_text_field(_l("Agenda"), limit=TEXT_MAX)
    theme_id = SelectField(_l("Theme"), choices=[], invalid_choice_message=UNKNOWN)
    language = spoken_language_field()
    interpretations = MultiCheckboxField(
        _l("Interpretation offered into"), choices=[], invalid_choice_message=UNKNOWN
    )
    timezone = time_zone_field(_l("Time zone of the times below"))
    starts_local = _local(_l("Starts"), _l("Enter when the session starts."))
    ends_local = _local(_l("Ends"), _l("Enter when the session ends."))
    join_url = StringField(
        _l("Joining link"),
        filters=[strip],
        validators=[at_most(LINK_MAX), _https],
        description=_l("Shown only to people holding a seat, and to organisers."),
    )
    audience = SelectField(
        _l("Audience"),
        choices=_choices(AUDIENCE_LABELS),
        invalid_choice_message=UNKNOWN,
    )
    capacity = _count(_l("Capacity (empty: no limit)"))
    reserved_until_local = _local(_l("Regional reservations hold until"))
    opens_local = _local(_l("Registration opens"))
    closes_local = _local(_l("Registration closes"))
    questions = FieldList(
        FormField(QuestionForm), min_entries=MAX_QUESTIONS, max_entries=MAX_QUESTIONS
    )

    def __init__(self, *args, current_zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        themes = db.session.scalars(
            sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.id)
        ).all()
        self.theme_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(str(theme.id), localized(theme, "name")) for theme in themes
        ]
        self.language.choices = language_choices()
        self.interpretations.choices = language_choices()
        self.timezone.choices = timezone_choices(current_zone)

    def reservations(self):
        return {region: self[f"seats_{region}"].data or 0 for region in vocab.REGIONS}

    def question_list(self):
        questions = []
        for number, entry in enumerate(self.questions.entries, start=1):
            label = {
                lang: entry[lang].data
                for lang in QUESTION_LANGUAGES
                if entry[lang].data
            }
            if label:
                questions.append(
                    {
                        "id": f"q{number}",
                        "label": label,
                        "required": bool(entry.required.data),
                    }
                )
        return questions


for _region, _label in vocab.REGIONS.items():
    setattr(SessionForm, f"seats_{_region}", _count(_label))


class CancelForm(BaseForm):
    reason = long_text(_l("Reason, told to the registrants"), 1000)

    def validate_reason(self, field):
        if not field.data:
            raise ValidationError(_l("Say why the session is cancelled."))


GROUP_LABELS = {
    "seated": _l("People holding a seat"),
    "waitlist": _l("People on the waitlist"),
    "all": _l("Everyone registered or waitlisted"),
}


class MessageForm(BaseForm):
    group = RadioField(
        _l("Send to"),
        choices=_choices(GROUP_LABELS),
        default="seated",
        validators=[InputRequired(message=_l("Choose who receives the message."))],
        invalid_choice_message=_l("Choose who receives the message."),
    )
    subject = translated_text_field(
        _l("Subject"),
        limit=NAME_MAX,
        area=False,
        required=_l("Enter the subject in at least one language."),
    )
    body = translated_text_field(
        _l("Message"),
        limit=TEXT_MAX,
        required=_l("Enter the message in at least one language."),
    )


class AttendanceForm(BaseForm):
    """Marks are read from `mark-<registration id>` fields (attended / no_show)."""
