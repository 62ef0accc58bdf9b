"""Forms of a result: an update, its owner, a link to a meeting or an action."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, ValidationError

from ..forms import (
    SANE_DATES,
    BaseForm,
    db_id,
    long_text,
    revision_read,
    strip,
    within,
)
from .services import REASON_MAX, TEXT_MAX
from .words import STATUSES


def _progress(form, field):
    """Validator: empty (unchanged) or a whole number from 0 to 100."""
    if not field.data:
        field.data = None
        return
    try:
        number = int(field.data)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 100:
        raise ValidationError(_l("The progress is a whole number from 0 to 100."))
    field.data = number


class RevisionForm(BaseForm):
    revision = HiddenField(validators=[revision_read])


class UpdateForm(RevisionForm):
    on_date = DateField(
        _l("Date"),
        validators=[
            DataRequired(message=_l("Enter the date, such as 2027-03-31.")),
            within(*SANE_DATES),
        ],
        invalid_value_message=_l("Enter the date, such as 2027-03-31."),
    )
    text = long_text(_l("What happened"), TEXT_MAX)
    status = SelectField(
        _l("New status"),
        choices=[SelectChoice("", _l("Unchanged"))]
        + [SelectChoice(code, label) for code, label in STATUSES.items()],
        default="",
        invalid_choice_message=_l("Choose a status from the list."),
    )
    progress = StringField(
        _l("New progress, in %"), filters=[strip], validators=[_progress]
    )
    reason = long_text(_l("Why it is dropped"), REASON_MAX)

    def validate_text(self, field):
        if not field.data:
            raise ValidationError(_l("Write what happened."))

    def validate_reason(self, field):
        if self.status.data == "dropped" and not field.data and self.must_explain:
            raise ValidationError(_l("Say why the result is dropped."))

    must_explain = True  # the view says False when the result is already dropped


class OwnerForm(RevisionForm):
    owner = SelectField(
        _l("Owner"),
        validate_choice=False,  # against the group's members: the service
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = [SelectChoice(str(pid), name) for pid, name in people]

    def validate_owner(self, field):
        try:
            field.data = db_id(field.data)
        except (TypeError, ValueError):
            raise ValidationError(
                _l("The owner must be a current member of the group.")
            ) from None


class LinkForm(BaseForm):
    target = SelectField(
        _l("Meeting or action"),
        validate_choice=False,  # against the group's own: the service
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = [SelectChoice("", _l("Choose one")), *targets]

    def validate_target(self, field):
        if not field.data:
            raise ValidationError(_l("Choose a meeting or an action."))


class EmptyForm(BaseForm):
    """A button: the CSRF token only."""
