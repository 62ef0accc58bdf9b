"""Forms of the pair's space and of closing a mentorship (labels translated lazily)."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import NumberInput

from .. import vocab
from ..db import utcnow
from ..forms import SANE_DATES, BaseForm, at_most, strip, within
from .lifecycle import CLOSE_REASONS

GOAL_STATUSES = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "achieved": _l("Achieved"),
    "dropped": _l("Dropped"),
}
MEETING_MODES = {
    "online": _l("Online"),
    "in_person": _l("In person"),
    "phone": _l("By phone"),
}
FIT_LABELS = {
    1: _l("1 – Not working"),
    2: _l("2 – Difficult"),
    3: _l("3 – All right"),
    4: _l("4 – Good"),
    5: _l("5 – Very good"),
}
TITLE_MAX, TOPICS_MAX, NOTE_MAX, COMMENT_MAX = 200, 2000, 5000, 2000
UNKNOWN_CHOICE = _l("Please choose one of the options.")


def _title():
    return StringField(
        _l("Goal"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Please describe the goal.")),
            at_most(TITLE_MAX),
        ],
    )


class GoalForm(BaseForm):
    """The mentee proposes a goal."""

    title = _title()


class GoalEditForm(BaseForm):
    """Either member renames a goal or changes its status."""

    title = _title()
    status = SelectField(
        _l("Status"),
        choices=vocab.choices(GOAL_STATUSES),
        validators=[InputRequired(message=_l("Please choose a status."))],
        invalid_choice_message=UNKNOWN_CHOICE,
    )


class MeetingForm(BaseForm):
    """A meeting of the pair: when, how long, how, about what."""

    held_on = DateField(
        _l("Date of the meeting"),
        validators=[
            InputRequired(message=_l("Please enter the date of the meeting.")),
            within(*SANE_DATES),
        ],
        invalid_value_message=_l("Enter a date such as 2025-03-31."),
    )
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        validators=[
            InputRequired(message=_l("Please enter how long the meeting lasted.")),
            NumberRange(min=5, max=600, message=_l("Enter between 5 and 600 minutes.")),
        ],
        invalid_value_message=_l("Enter a whole number."),
        widget=NumberInput(step=1, min=5, max=600),
        default=60,
    )
    mode = RadioField(
        _l("How did you meet?"),
        choices=vocab.choices(MEETING_MODES),
        validators=[InputRequired(message=_l("Please choose how you met."))],
        invalid_choice_message=UNKNOWN_CHOICE,
        default="online",
    )
    topics = TextAreaField(
        _l("Topics discussed (shared with your partner)"),
        filters=[strip],
        validators=[Optional(), at_most(TOPICS_MAX)],
    )

    def __init__(self, *args, started_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def validate_held_on(self, field):
        if field.data is None:
            return
        # "Today" somewhere on Earth may be tomorrow in UTC: one day of grace.
        if field.data > utcnow().date() + timedelta(days=1):
            raise ValidationError(_l("A meeting you log cannot be in the future."))
        earliest = self.started_on and self.started_on - timedelta(days=1)
        if earliest and field.data < earliest:
            raise ValidationError(_l("This date is before your mentorship started."))


class NoteForm(BaseForm):
    """Her private note on a meeting."""

    body = TextAreaField(
        _l("My private note (only you can read it)"),
        filters=[strip],
        validators=[Optional(), at_most(NOTE_MAX)],
    )


class NextMeetingForm(BaseForm):
    """The date and time of the next meeting, in her time zone."""

    at = DateTimeLocalField(
        _l("Next meeting"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        validators=[
            InputRequired(message=_l("Please enter a date and a time.")),
            within(*SANE_DATES),
        ],
        invalid_value_message=_l("Enter a date and time such as 2025-03-31T14:30."),
    )


class CheckInForm(BaseForm):
    """'How is it going?': the pairing's fit from 1 to 5, and an optional comment."""

    period = HiddenField(validators=[InputRequired(), Regexp(r"^(first|\d{4}-\d{2})$")])
    fit = RadioField(
        _l("How well does your pairing work? (1 to 5)"),
        choices=vocab.choices(FIT_LABELS),
        coerce=int,
        validators=[InputRequired(message=_l("Please choose a number from 1 to 5."))],
        invalid_choice_message=UNKNOWN_CHOICE,
    )
    comment = TextAreaField(
        _l("Anything to add? (optional; read by the Secretariat, not your partner)"),
        filters=[strip],
        validators=[Optional(), at_most(COMMENT_MAX)],
    )


class CloseForm(BaseForm):
    """Closing a mentorship early: why, a note, and whether to be matched again."""

    reason = RadioField(
        _l("Why are you closing this mentorship?"),
        choices=vocab.choices(CLOSE_REASONS),
        validators=[InputRequired(message=_l("Please choose a reason."))],
        invalid_choice_message=UNKNOWN_CHOICE,
    )
    note = TextAreaField(
        _l("Anything you would like us to know (optional)"),
        description=_l("Only the Secretariat reads this. Your partner does not."),
        filters=[strip],
        validators=[Optional(), at_most(COMMENT_MAX)],
    )
    rematch = BooleanField(_l("I would like to be matched again"))
