"""Forms of the pipeline: a draft, a translation, a round, a comment, a reason,
publication."""

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
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    ValidationError,
)

from ..forms import (
    REVISION_MAX,
    SANE_DATES,
    BaseForm,
    at_most,
    revision_read,
    strip,
    translated_text_field,
    within,
)
from . import words
from .services import BODY_MAX, COMMENT_MAX, NOTE_MAX, REASON_MAX


class DraftForm(BaseForm):
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(code, label) for code, label in words.KINDS.items()],
        invalid_choice_message=_l("Choose a kind."),
    )
    title = translated_text_field(
        _l("Title"), limit=200, area=False, required=_l("Give it a title.")
    )
    summary = translated_text_field(_l("Summary (optional)"), limit=1000)
    body = translated_text_field(
        _l("Text"), limit=BODY_MAX, required=_l("Write the text.")
    )
    note = StringField(
        _l("What changed, in a few words (optional)"),
        filters=[strip],
        validators=[at_most(NOTE_MAX)],
    )
    new_version = BooleanField(
        _l("Keep the current text as a version and save a new one")
    )
    version = HiddenField(validators=[revision_read])


class TranslateForm(BaseForm):
    body = translated_text_field(
        _l("Text"), limit=BODY_MAX, required=_l("Write the text.")
    )


class RoundForm(BaseForm):
    kind = RadioField(
        _l("Who comments"),
        choices=[SelectChoice(code, label) for code, label in words.ROUNDS.items()],
        default="members",
        validators=[InputRequired(message=_l("Choose who comments."))],
        invalid_choice_message=_l("Choose who comments."),
    )
    ends_on = DateField(
        _l("Last day for comments"),
        validators=[
            InputRequired(message=_l("Enter the round's last day.")),
            within(*SANE_DATES),
        ],
        invalid_value_message=_l("Enter a date such as 2027-03-31."),
    )


class CommentForm(BaseForm):
    section = IntegerField(
        _l("Section"),
        validators=[
            InputRequired(message=_l("Choose the section you comment on.")),
            NumberRange(
                1, REVISION_MAX, message=_l("Choose the section you comment on.")
            ),
        ],
        invalid_value_message=_l("Choose the section you comment on."),
    )
    organisation = SelectField(_l("On behalf of"), validate_choice=False, coerce=str)
    body = TextAreaField(
        _l("Your comment"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Write your comment.")),
            at_most(COMMENT_MAX),
        ],
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [
            SelectChoice(str(org_id), name) for org_id, name in organisations
        ]
        self._organisations = {str(org_id) for org_id, _name in organisations}

    def validate_organisation(self, field):
        if self._organisations and field.data not in self._organisations:
            raise ValidationError(_l("Choose the member organisation you comment for."))

    @property
    def organisation_id(self):
        return int(self.organisation.data) if self._organisations else None


class ReasonForm(BaseForm):
    reason = TextAreaField(
        _l("Why it goes back to the group"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say why it goes back to the group.")),
            at_most(REASON_MAX),
        ],
    )


class PublishForm(BaseForm):
    mode = RadioField(
        _l("When every language is not ready"),
        choices=[
            SelectChoice(
                "all_languages", _l("Wait until all three languages are ready")
            ),
            SelectChoice(
                "now",
                _l(
                    "Publish now: readers of a missing language see the original"
                    " with a note"
                ),
            ),
        ],
        default="all_languages",
        validators=[InputRequired(message=_l("Choose how to publish."))],
        invalid_choice_message=_l("Choose how to publish."),
    )


class EmptyForm(BaseForm):
    """A button: the CSRF token only."""
