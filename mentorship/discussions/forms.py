"""Forms of the discussion: a new thread, a reply, an edit, a runner's reason to
hide a post, a lock, and her choice of emails."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from ..forms import BaseForm, at_most, plain_name, strip
from .services import BODY_MAX, REASON_MAX, TITLE_MAX

VISIBILITIES = {
    "members": _l("The group's members only"),
    "alliance": _l("Every signed-in person of a member organisation"),
}


def _body(label):
    return TextAreaField(
        label,
        filters=[strip],
        validators=[
            DataRequired(message=_l("Write your message.")),
            at_most(BODY_MAX),
        ],
    )


class ThreadForm(BaseForm):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give the thread a title.")),
            at_most(TITLE_MAX),
            plain_name,
        ],
    )
    body = _body(_l("Message"))
    visibility = RadioField(
        _l("Who may read it"),
        choices=[SelectChoice(code, label) for code, label in VISIBILITIES.items()],
        default="members",
        validators=[InputRequired(message=_l("Choose who may read the thread."))],
        invalid_choice_message=_l("Choose who may read the thread."),
    )


class ReplyForm(BaseForm):
    body = _body(_l("Your reply"))


class EditForm(BaseForm):
    body = _body(_l("Message"))


class HideForm(BaseForm):
    reason = StringField(
        _l("Why hide this message"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say why you hide this message.")),
            at_most(REASON_MAX),
        ],
    )


class LockForm(BaseForm):
    """Only the CSRF token."""


class DeliveryForm(BaseForm):
    messages = RadioField(
        _l("Email me"),
        choices=[
            SelectChoice("every", _l("Every message")),
            SelectChoice("digest", _l("A daily digest")),
            SelectChoice("none", _l("None")),
        ],
        validators=[
            InputRequired(message=_l("Choose how the discussion reaches you."))
        ],
        invalid_choice_message=_l("Choose how the discussion reaches you."),
    )
