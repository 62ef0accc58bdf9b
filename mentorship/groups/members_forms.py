"""Forms of the members part: nominate, ask to join, decide, change a position,
end a term, appoint, leave, and her roster visibility."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Optional

from ..forms import SANE_DATES, BaseForm, at_most, db_id, long_text, strip, within
from . import words
from .members import NOTE_MAX, REASON_MAX

DATE_MESSAGE = _l("Enter a date such as 2027-03-31.")


def _person_id(value):
    """A person's id, or None for the "choose" line (the field then says so)."""
    return None if value in ("", None) else db_id(value)


def _position_choices(codes):
    return [SelectChoice(code, words.position(code)) for code in codes]


def _required_area(label, message, limit):
    """A text area that may not stay empty, trimmed and bounded."""
    return TextAreaField(
        label,
        filters=[strip],
        validators=[DataRequired(message=message), at_most(limit)],
    )


class NominateForm(BaseForm):
    # The choices are the people she may nominate; another id gets a clear
    # message from the view (not one of them).
    person = SelectField(
        _l("Person to nominate"),
        coerce=_person_id,
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose a person to nominate."))],
    )
    position = RadioField(
        _l("Position"),
        choices=_position_choices(("member", "champion")),
        default="member",
        validators=[InputRequired(message=_l("Choose member or thematic champion."))],
        invalid_choice_message=_l("Choose member or thematic champion."),
    )
    note = long_text(_l("A short note for the group's chair"), NOTE_MAX)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [SelectChoice("", _l("Choose a person"))] + [
            SelectChoice(str(person.id), f"{person.name} ({organisation.name})")
            for person, organisation in people
        ]


class JoinForm(BaseForm):
    motivation = _required_area(
        _l("Why would you like to join?"),
        _l("Say in a few words why you would like to join."),
        NOTE_MAX,
    )


class AcceptForm(BaseForm):
    ends_on = DateField(
        _l("The term ends on (optional)"),
        validators=[Optional(), within(*SANE_DATES)],
        invalid_value_message=DATE_MESSAGE,
    )


class DeclineForm(BaseForm):
    reason = _required_area(
        _l("Reason"), _l("Say why it is declined: she will be told."), REASON_MAX
    )


class RefuseForm(BaseForm):
    reason = long_text(_l("Reason (optional)"), REASON_MAX)


class PositionForm(BaseForm):
    position = SelectField(
        _l("New position"),
        invalid_choice_message=_l("You cannot give this position."),
    )

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.position.choices = _position_choices(positions)


class EndForm(BaseForm):
    reason = _required_area(_l("Reason"), _l("Say why this term ends."), REASON_MAX)


class AppointForm(BaseForm):
    position = RadioField(
        _l("Position"),
        choices=_position_choices(("chair", "liaison")),
        default="chair",
        validators=[InputRequired(message=_l("Choose chair or liaison."))],
        invalid_choice_message=_l("Choose chair or liaison."),
    )
    person = SelectField(
        _l("Person"),
        coerce=_person_id,
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose a person."))],
    )
    ends_on = AcceptForm.ends_on

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [SelectChoice("", _l("Choose a person"))] + [
            SelectChoice(str(person.id), label) for person, label in people
        ]


class LeaveForm(BaseForm):
    confirm = BooleanField(
        _l("I leave this group; my past terms stay in its history."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class VisibilityForm(BaseForm):
    visibility = RadioField(
        _l("Who may see your name on this roster"),
        choices=[
            SelectChoice(code, label) for code, label in words.ROSTER_VISIBILITY.items()
        ],
        validators=[InputRequired(message=_l("Choose who may see your name."))],
        invalid_choice_message=_l("Choose who may see your name."),
    )


class EmptyForm(BaseForm):
    """A button: the CSRF token only."""
