"""Forms of theme proposals: proposing, commenting, withdrawing, the translations,
and the Secretariat's window, shortlist vote and adoption."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from ..auth.forms import MultiCheckboxField
from ..forms import (
    SANE_DATES,
    BaseForm,
    at_most,
    long_text,
    strip,
    translated_text_field,
    within,
)
from . import words
from .adoption import NOTE_MAX, SLUG_MAX
from .services import COMMENT_MAX

TITLE_MAX, RATIONALE_MAX = 200, 5000
DATE_FORMAT = _l("Enter a date such as 2025-03-31.")


def _title():
    return translated_text_field(
        _l("Theme"),
        limit=TITLE_MAX,
        area=False,
        required=_l("Enter the theme's name in at least one language."),
    )


def _rationale():
    return translated_text_field(
        _l("Rationale"),
        limit=RATIONALE_MAX,
        required=_l("Explain why the Alliance should take up this theme."),
    )


def _date(label, required):
    return DateField(
        label,
        validators=[InputRequired(message=required), within(*SANE_DATES)],
        invalid_value_message=DATE_FORMAT,
    )


class ProposeForm(BaseForm):
    on_behalf = SelectField(
        _l("On behalf of"),
        validators=[InputRequired(message=_l("Choose on behalf of whom you propose."))],
        validate_choice=True,
        invalid_choice_message=_l("Choose on behalf of whom you propose."),
    )
    title = _title()
    rationale = _rationale()


class TranslationsForm(BaseForm):
    title = _title()
    rationale = _rationale()


class CommentForm(BaseForm):
    body = TextAreaField(
        _l("Your comment"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Write your comment.")),
            at_most(COMMENT_MAX),
        ],
    )


class WithdrawForm(BaseForm):
    confirm = BooleanField(
        _l("I withdraw this proposal on behalf of its proposer; it cannot be undone."),
        validators=[
            DataRequired(message=_l("Tick the box to confirm the withdrawal."))
        ],
    )


class WindowForm(BaseForm):
    opens_on = _date(_l("Comments open on"), _l("Enter the day comments open."))
    closes_on = _date(_l("Comments close on"), _l("Enter the day comments close."))

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The window must close after it opens."))


class ShortlistForm(BaseForm):
    proposals = MultiCheckboxField(
        _l("Proposals put to the vote"),
        coerce=int,
        validate_choice=True,
        invalid_choice_message=_l("Choose among the proposals listed."),
    )
    quorum_percent = IntegerField(
        _l("Quorum (share of member organisations that must answer, in %)"),
        default=50,
        validators=[
            InputRequired(message=_l("Enter the quorum, from 0 to 100.")),
            NumberRange(0, 100, message=_l("Enter the quorum, from 0 to 100.")),
        ],
    )
    majority = RadioField(
        _l("Majority needed for a proposal to be shortlisted"),
        choices=[SelectChoice(code, label) for code, label in words.MAJORITIES.items()],
        default="two_thirds",
        validators=[InputRequired(message=_l("Choose the majority."))],
        invalid_choice_message=_l("Choose the majority."),
    )
    abstentions = RadioField(
        _l("An organisation approving none of the proposals"),
        choices=[
            SelectChoice(code, label) for code, label in words.ABSTENTIONS.items()
        ],
        default="excluded",
        validators=[InputRequired(message=_l("Choose how abstentions count."))],
        invalid_choice_message=_l("Choose how abstentions count."),
    )
    winners = IntegerField(
        _l("At most this many proposals are shortlisted"),
        default=2,
        validators=[
            InputRequired(message=_l("Enter how many proposals may be shortlisted.")),
            NumberRange(1, 30, message=_l("Enter a number from 1 to 30.")),
        ],
    )
    secret = BooleanField(_l("Secret ballot (no one sees how an organisation voted)"))
    closes_on = _date(_l("The vote closes on"), _l("Enter the day the vote closes."))

    def validate_proposals(self, field):
        if len(field.data or ()) < 2:
            raise ValidationError(_l("Choose at least two proposals."))

    def validate_winners(self, field):
        chosen = len(self.proposals.data or ())
        if field.data and chosen and field.data > chosen:
            raise ValidationError(
                _l("No more proposals can be shortlisted than are put to the vote.")
            )


class AdoptionForm(BaseForm):
    result = RadioField(
        _l("The decision"),
        choices=[SelectChoice(code, label) for code, label in words.RESULTS.items()],
        validators=[InputRequired(message=_l("Choose adopted or not adopted."))],
        invalid_choice_message=_l("Choose adopted or not adopted."),
    )
    adopted_by = RadioField(
        _l("Decided by"),
        choices=[SelectChoice(code, label) for code, label in words.DECIDERS.items()],
        validators=[InputRequired(message=_l("Choose who decided."))],
        invalid_choice_message=_l("Choose who decided."),
    )
    adopted_on = _date(_l("Day of the decision"), _l("Enter the day of the decision."))
    agm_decision_id = IntegerField(
        _l("Number of the AGM's decision (optional)"),
        validators=[
            Optional(),
            NumberRange(1, 2**31 - 1, message=_l("Enter the decision's number.")),
        ],
    )
    note = long_text(_l("Note (optional)"), NOTE_MAX)
    slug = StringField(
        _l("Address of the new theme and its group (optional)"),
        filters=[strip],
        validators=[at_most(SLUG_MAX)],
    )
