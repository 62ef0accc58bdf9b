"""Forms of the matching flow (labels translated lazily)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .. import vocab
from ..forms import BaseForm, db_id
from .approvals import DECLINE_REASONS, REJECTION_REASONS


class ActionForm(BaseForm):
    """A button that changes something: CSRF only."""


class RejectForm(BaseForm):
    reason = SelectField(
        _l("Reason"),
        choices=vocab.choices(REJECTION_REASONS),
        validators=[InputRequired(_l("Please choose a reason."))],
    )
    note = TextAreaField(
        _l("Note for the Secretariat (optional)"),
        validators=[Optional(), Length(max=1000)],
    )


class DeclineForm(BaseForm):
    reason = SelectField(
        _l("Why are you declining?"),
        choices=vocab.choices(DECLINE_REASONS),
        validators=[InputRequired(_l("Please choose a reason."))],
    )
    note = TextAreaField(
        _l("Anything you would like the Secretariat to know (optional)"),
        validators=[Optional(), Length(max=1000)],
    )


class RemoveForm(BaseForm):
    note = TextAreaField(
        _l("Why (kept in the audit trail)"), validators=[Optional(), Length(max=1000)]
    )
    exclude = BooleanField(_l("Never propose this pair again in this programme"))


class ManualPairForm(BaseForm):
    mentee = SelectField(_l("Mentee"), coerce=db_id, validators=[DataRequired()])
    mentor = SelectField(_l("Mentor"), coerce=db_id, validators=[DataRequired()])


class BulkApproveForm(BaseForm):
    """The proposal ids come from checkboxes named `proposal`."""


class OverrideForm(BaseForm):
    override = BooleanField(_l("Decide for both organisations (Secretariat override)"))


class BadSelection(ValueError):
    """The ticked proposal ids are not ids: the message says why, translated."""


def proposal_ids(values, limit):
    """The ids of ticked proposals, in order and without repeats.

    Each must be a whole number with 1 <= id < 2^31 (the database's integer), and
    there may be at most `limit` of them; anything else raises BadSelection.
    """
    ids, seen = [], set()
    for value in values:
        text = (value or "").strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 10):
            raise BadSelection(_l("The selection was not understood. Nothing changed."))
        number = int(text)
        if not 1 <= number < 2**31:
            raise BadSelection(_l("The selection was not understood. Nothing changed."))
        if number not in seen:
            seen.add(number)
            ids.append(number)
        if len(ids) > limit:
            raise BadSelection(
                _l("Please select at most %(limit)d proposals at once.", limit=limit)
            )
    if not ids:
        raise BadSelection(_l("Please tick at least one proposal."))
    return ids
