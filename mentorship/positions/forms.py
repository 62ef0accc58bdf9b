"""Forms of positions: the Secretariat's drafts and publication, an organisation's
answer and withdrawal."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError

from ..forms import (
    SANE_DATES,
    BaseForm,
    long_text,
    record_id,
    translated_text_field,
    within,
)
from . import labels
from .services import COMMENT_MAX, REASON_MAX

TITLE_MAX, TEXT_MAX = 200, 20_000
DATE_FORMAT = _l("Enter a date such as 2025-03-31.")


def _title():
    return translated_text_field(
        _l("Title"),
        limit=TITLE_MAX,
        area=False,
        required=_l("Enter the title in at least one language."),
    )


def _text():
    return translated_text_field(
        _l("Text"),
        limit=TEXT_MAX,
        required=_l("Enter the text in at least one language."),
    )


def _date(label, required):
    return DateField(
        label,
        validators=[InputRequired(message=required), within(*SANE_DATES)],
        invalid_value_message=DATE_FORMAT,
    )


class PositionForm(BaseForm):
    kind = RadioField(
        _l("Kind"),
        choices=[SelectChoice(code, label) for code, label in labels.KINDS.items()],
        validators=[InputRequired(message=_l("Choose position or priority."))],
        invalid_choice_message=_l("Choose position or priority."),
        default="position",
    )
    title = _title()
    text = _text()


class DraftForm(BaseForm):
    title = _title()
    text = _text()


class PublishForm(BaseForm):
    opens_on = _date(_l("Window opens on"), _l("Enter the day the window opens."))
    closes_on = _date(_l("Window closes on"), _l("Enter the day the window closes."))

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data <= self.opens_on.data:
            raise ValidationError(_l("The window must close after it opens."))


class WindowForm(BaseForm):
    closes_on = _date(_l("Window closes on"), _l("Enter the day the window closes."))


class AnswerForm(BaseForm):
    version_id = HiddenField(validators=[record_id])
    organisation_id = HiddenField(validators=[record_id])
    answer = RadioField(
        _l("Your organisation's answer"),
        choices=[SelectChoice(code, label) for code, label in labels.CHOICES.items()],
        validators=[InputRequired(message=_l("Choose ratify, abstain or decline."))],
        invalid_choice_message=_l("Choose ratify, abstain or decline."),
    )
    comment = long_text(_l("Comment (optional)"), COMMENT_MAX)
    confirm = BooleanField(
        _l("I answer on behalf of my organisation; the answer cannot be changed."),
        validators=[DataRequired(message=_l("Tick the box to confirm the answer."))],
    )


class WithdrawForm(BaseForm):
    reason = long_text(_l("Reason (optional)"), REASON_MAX)
    confirm = BooleanField(
        _l("I withdraw my organisation's answer; it cannot answer this version again."),
        validators=[
            DataRequired(message=_l("Tick the box to confirm the withdrawal."))
        ],
    )
