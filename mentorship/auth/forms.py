"""Account forms: registration, login, password and email changes, roles."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import BaseForm, QuickSelect, at_most, plain_name, strip
from ..i18n import LANGUAGES
from ..vocab import ROLES
from .services import GRANTABLE_ROLES, normalise_email

PASSWORD_MIN, PASSWORD_MAX = 12, 128
INDEPENDENT = 0


def _choices(table):
    return [SelectChoice(code, label) for code, label in table.items()]


def _name_field():
    return StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Please enter your name.")),
            at_most(120),
            plain_name,
        ],
        render_kw={"autocomplete": "name", "maxlength": 120},
    )


def _email_field(label, autocomplete="email"):
    return EmailField(
        label,
        filters=[strip],
        validators=[
            DataRequired(_l("Please enter an email address.")),
            at_most(254),
            Email(_l("Please enter a valid email address.")),
        ],
        render_kw={"autocomplete": autocomplete, "maxlength": 254},
    )


def _language_field():
    return SelectField(
        _l("Preferred language"),
        choices=_choices(LANGUAGES),
        validators=[DataRequired(_l("Please choose a language."))],
    )


def _current_password_field():
    return PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Please enter your current password.")),
            at_most(PASSWORD_MAX),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class NewPasswordMixin:
    """A new password typed twice; never the account's own email address."""

    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Please choose a password.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l("Between %(min)d and %(max)d characters."),
            ),
        ],
        render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Please type the password again.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX},
    )
    # The address the password must differ from; set by the view when not a field.
    account_email = None

    def validate_password(self, field):
        email = self.account_email
        if email is None and hasattr(self, "email"):
            email = self.email.data
        if email and normalise_email(field.data) == normalise_email(email):
            raise ValidationError(_l("Your password must not be your email address."))


class RegisterForm(NewPasswordMixin, BaseForm):
    name = _name_field()
    email = _email_field(_l("Email address"))
    organisation = SelectField(
        _l("Organisation"),
        coerce=int,
        default=INDEPENDENT,
    )
    locale = _language_field()
    consent = BooleanField(
        _l(
            "I have read the privacy notice and agree that the Alliance holds my data "
            "as it describes."
        ),
        validators=[DataRequired(_l("Please accept the privacy notice to register."))],
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.password.label.text = _l("Password")
        self.confirm.label.text = _l("Password again")
        self.organisation.choices = [
            SelectChoice(INDEPENDENT, _l("Independent (no organisation)")),
            *(SelectChoice(org.id, org.name) for org in organisations),
        ]


class LoginForm(BaseForm):
    email = EmailField(
        _l("Email address"),
        filters=[strip],
        validators=[
            DataRequired(_l("Please enter your email address.")),
            at_most(254),
        ],
        render_kw={"autocomplete": "username", "maxlength": 254},
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Please enter your password.")),
            at_most(PASSWORD_MAX),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))


class ResendVerificationForm(BaseForm):
    """Only a button (and its CSRF token)."""


class RequestResetForm(BaseForm):
    email = _email_field(_l("Email address"))


class ResetPasswordForm(NewPasswordMixin, BaseForm):
    pass


class AccountForm(BaseForm):
    name = _name_field()
    locale = _language_field()
    # Her zone for events when she has no profile (the profile's zone comes first).
    timezone = SelectField(
        _l("Time zone for events"),
        validators=[Optional()],
        invalid_choice_message=_l(
            "This time zone does not exist. Choose one from the list."
        ),
        widget=QuickSelect(),  # ~400 zones: the stock widget took most of the page
    )

    def __init__(self, *args, **kwargs):
        from ..profiles.forms import timezone_choices

        super().__init__(*args, **kwargs)
        stored = getattr(kwargs.get("obj"), "timezone", None)
        self.timezone.choices = timezone_choices(
            None if self.is_submitted() else stored
        )


class ChangePasswordForm(NewPasswordMixin, BaseForm):
    current_password = _current_password_field()


class ChangeEmailForm(BaseForm):
    email = _email_field(_l("New email address"))
    current_password = _current_password_field()


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (the `field` macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RolesForm(BaseForm):
    roles = MultiCheckboxField(
        _l("Roles"),
        choices=[SelectChoice(code, ROLES[code]) for code in GRANTABLE_ROLES],
    )
