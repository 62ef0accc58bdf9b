"""Forms of elections' nominations: the Secretariat's seat model and windows, the
eligibility check, opening the vote, cancelling; nominating; the candidate's
answer, statement and withdrawal. Uploads (photo, CV) are read by the view from
`request.files` and checked by `core.uploads`."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
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
from ..forms import SANE_DATES, BaseForm, at_most, strip, translated_text_field, within
from ..vocab import REGIONS
from .models import (
    ElectionStatus,
    Eligibility,
    NominationStatus,
    Office,
    OfficersBy,
)

TITLE_MAX, STATEMENT_MAX, REASON_MAX = 200, 5000, 500
DATE_FORMAT = _l("Enter a date such as 2025-03-31.")

OFFICES = {
    Office.CHAIR: _l("Chair"),
    Office.VICE_CHAIR: _l("Vice-chair"),
    Office.TREASURER: _l("Treasurer"),
    Office.SECRETARY: _l("Secretary"),
}
OFFICERS_BY = {
    OfficersBy.ELECTED: _l("Elected by the new committee among its members"),
    OfficersBy.ALLOCATED: _l("Allocated by the committee"),
}


def _whole(label, low, high, default=None, required=True):
    message = _l("Enter a number from %(low)d to %(high)d.", low=low, high=high)
    first = InputRequired(message=message) if required else Optional()
    return IntegerField(
        label,
        default=default,
        validators=[first, NumberRange(low, high, message=message)],
    )


def _date(label, required=None):
    first = InputRequired(message=required) if required else Optional()
    return DateField(
        label,
        validators=[first, within(*SANE_DATES)],
        invalid_value_message=DATE_FORMAT,
    )


def _region_fields():
    """One minimum and one (optional) maximum per region: `min_<code>`, `max_<code>`."""
    fields = {}
    for code, label in REGIONS.items():
        fields[f"min_{code}"] = _whole(
            _l("%(region)s: at least", region=label), 0, 30, default=0, required=False
        )
        fields[f"max_{code}"] = _whole(
            _l("%(region)s: at most (optional)", region=label), 0, 30, required=False
        )
    return fields


class _ElectionForm(BaseForm):
    title = translated_text_field(
        _l("Title"),
        limit=TITLE_MAX,
        area=False,
        required=_l("Give the election a title in at least one language."),
    )
    seats = _whole(_l("Seats to fill"), 1, 30, default=3)
    nominations_per_org = _whole(
        _l("Nominations per member organisation"), 1, 10, default=2
    )
    term_years = _whole(_l("Term length (years)"), 1, 5, default=2)
    term_starts_on = _date(_l("Terms start on (optional)"))
    consecutive_terms = _whole(
        _l("Limit on consecutive terms (optional)"), 1, 10, required=False
    )
    officers_by = RadioField(
        _l("Officers"),
        choices=[SelectChoice(code, label) for code, label in OFFICERS_BY.items()],
        default=OfficersBy.ALLOCATED,
        validators=[InputRequired(message=_l("Choose how the officers are chosen."))],
        invalid_choice_message=_l("Choose how the officers are chosen."),
    )
    offices = MultiCheckboxField(
        _l("Offices"),
        choices=[SelectChoice(code, label) for code, label in OFFICES.items()],
        validate_choice=True,
        invalid_choice_message=_l("Choose among the offices listed."),
    )
    nominations_open_on = _date(
        _l("Nominations open on"), _l("Enter the day nominations open.")
    )
    nominations_close_on = _date(
        _l("Nominations close on"), _l("Enter the day nominations close.")
    )
    voting_closes_on = _date(_l("The vote closes on (optional)"))
    agm_decision_id = IntegerField(
        _l("Number of the AGM's decision (optional)"),
        validators=[
            Optional(),
            NumberRange(1, 2**31 - 1, message=_l("Enter the decision's number.")),
        ],
    )

    def validate_nominations_close_on(self, field):
        opens = self.nominations_open_on.data
        if opens and field.data and field.data < opens:
            raise ValidationError(_l("Nominations must close after they open."))

    def validate_agm_decision_id(self, field):
        from ..db import db
        from ..decisions.models import Decision

        if field.errors or not field.data or not 1 <= field.data <= 2**31 - 1:
            return
        if db.session.get(Decision, field.data) is None:
            raise ValidationError(_l("There is no decision with this number."))

    def region_rows(self):
        """(region label, minimum field, maximum field) in REGIONS' order."""
        return [
            (label, self[f"min_{code}"], self[f"max_{code}"])
            for code, label in REGIONS.items()
        ]

    def regions(self):
        """{region: (minimum, maximum or None)} for `services.set_model`."""
        return {
            code: (self[f"min_{code}"].data or 0, self[f"max_{code}"].data)
            for code in REGIONS
        }


ElectionForm = type("ElectionForm", (_ElectionForm,), _region_fields())


class NominateForm(BaseForm):
    organisation = SelectField(
        _l("On behalf of"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose the organisation you act for."))],
        validate_choice=True,
        invalid_choice_message=_l("Choose the organisation you act for."),
    )
    email = EmailField(
        _l("The candidate's e-mail address"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Enter the candidate's e-mail address.")),
            at_most(254),
        ],
    )


class ConfirmForm(BaseForm):
    """An action with nothing to fill in (accept, decline, open): its CSRF token."""


class WithdrawForm(BaseForm):
    reason = TextAreaField(
        _l("Reason (optional)"), filters=[strip], validators=[at_most(REASON_MAX)]
    )


class StatementForm(BaseForm):
    language = SelectField(
        _l("Written in"),
        validators=[InputRequired(message=_l("Choose the language you write in."))],
        validate_choice=True,
        invalid_choice_message=_l("Choose the language you write in."),
    )
    body = TextAreaField(
        _l("Your statement"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Write your statement.")),
            at_most(STATEMENT_MAX),
        ],
    )


class CheckForm(BaseForm):
    result = RadioField(
        _l("Eligibility"),
        choices=[
            SelectChoice("eligible", _l("Eligible")),
            SelectChoice("ineligible", _l("Not eligible")),
        ],
        validators=[InputRequired(message=_l("Choose eligible or not eligible."))],
        invalid_choice_message=_l("Choose eligible or not eligible."),
    )
    reason = TextAreaField(
        _l("Reason (required when not eligible)"),
        filters=[strip],
        validators=[at_most(REASON_MAX)],
    )

    def validate_reason(self, field):
        if self.result.data == "ineligible" and not field.data:
            raise ValidationError(_l("Give the reason she is not eligible."))


class OpenVoteForm(BaseForm):
    closes_on = _date(_l("The vote closes on (if not set on the election)"))


class CancelForm(BaseForm):
    reason = TextAreaField(
        _l("Why the election is cancelled"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say why the election is cancelled.")),
            at_most(1000),
        ],
    )
    confirm = BooleanField(
        _l("I cancel this election; it cannot be undone."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class TranslationsForm(BaseForm):
    statement = translated_text_field(
        _l("Statement"),
        limit=STATEMENT_MAX,
        required=_l("Write the statement in at least one language."),
    )


class WORDS:
    """The labels of the elections' codes, translated at the edge."""

    ELECTION_STATUSES = {
        ElectionStatus.DRAFT: _l("Draft"),
        ElectionStatus.NOMINATING: _l("Nominations"),
        ElectionStatus.VOTING: _l("Vote open"),
        ElectionStatus.COUNTED: _l("Counted"),
        ElectionStatus.CANCELLED: _l("Cancelled"),
    }
    NOMINATION_STATUSES = {
        NominationStatus.PROPOSED: _l("Waiting for her answer"),
        NominationStatus.ACCEPTED: _l("Accepted"),
        NominationStatus.DECLINED: _l("Declined"),
        NominationStatus.WITHDRAWN: _l("Withdrawn"),
    }
    ELIGIBILITY = {
        Eligibility.PENDING: _l("Eligibility not yet checked"),
        Eligibility.ELIGIBLE: _l("Eligible"),
        Eligibility.INELIGIBLE: _l("Not eligible"),
    }
    OFFICES = OFFICES
    OFFICERS_BY = OFFICERS_BY
    REGIONS = REGIONS

    @staticmethod
    def label(table, code):
        return table.get(code, code or "")
