"""Forms of the minutes: opening, amending, decisions and actions, approval."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from ..forms import (
    SANE_DATES,
    BaseForm,
    at_most,
    revision_read,
    strip,
    translated_text_field,
    within,
)
from .minutes import (
    COMMENT_MAX,
    DEFAULT_WINDOW_DAYS,
    ITEM_MAX,
    MAX_WINDOW_DAYS,
    TEXT_MAX,
)


class RevisionForm(BaseForm):
    """Every change says which revision of the minutes she read."""

    revision = HiddenField(validators=[revision_read])


class OpenForm(BaseForm):
    amend_days = IntegerField(
        _l("Amendment window, in days"),
        default=DEFAULT_WINDOW_DAYS,
        validators=[
            InputRequired(message=_l("Enter the amendment window in days.")),
            NumberRange(
                1,
                MAX_WINDOW_DAYS,
                message=_l("The amendment window is 1 to 60 days."),
            ),
        ],
    )


class AmendForm(RevisionForm):
    text = translated_text_field(
        _l("Minutes"),
        limit=TEXT_MAX,
        required=_l("The minutes' text cannot be empty."),
    )
    comment = StringField(
        _l("What you changed, in a few words"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say in a few words what you changed.")),
            at_most(COMMENT_MAX),
        ],
    )


class ItemForm(RevisionForm):
    kind = RadioField(
        _l("Kind"),
        choices=[
            SelectChoice("decision", _l("Decision")),
            SelectChoice("action", _l("Action")),
        ],
        default="decision",
        validators=[InputRequired(message=_l("Choose decision or action."))],
        invalid_choice_message=_l("Choose decision or action."),
    )
    text = translated_text_field(
        _l("Text"),
        limit=ITEM_MAX,
        required=_l("Write the decision or action."),
    )
    owner = SelectField(
        _l("Owner (actions)"),
        validate_choice=False,  # against those who attended: `validate_owner`
    )
    due_on = DateField(
        _l("Due on (actions)"),
        validators=[Optional(), within(*SANE_DATES)],
        invalid_value_message=_l("Enter a date such as 2027-03-31."),
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = [SelectChoice("", _l("Choose who owns it")), *owners]
        self._owners = {value for value, _label in owners}

    def validate_owner(self, field):
        if self.kind.data != "action":
            return
        if not field.data:
            raise ValidationError(_l("Choose who owns this action."))
        if field.data not in self._owners:
            raise ValidationError(
                _l(
                    "An action's owner must be a person or an organisation"
                    " that attended."
                )
            )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        due = self.due_on
        if self.kind.data == "action" and due.data is None and not due.errors:
            due.errors = [*due.errors, _l("Enter the date the action is due.")]
            return False
        return valid


class ApproveForm(RevisionForm):
    confirm = BooleanField(
        _l("I approve these minutes; they can no longer be changed."),
        validators=[DataRequired(message=_l("Tick the box to confirm the approval."))],
    )


class EmptyForm(BaseForm):
    """A button: the CSRF token only."""
