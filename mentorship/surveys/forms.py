"""The survey forms: one per stage, with a progress question per goal of the pair."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from ..forms import BaseForm

SATISFACTION = [
    (1, _l("1 — not at all satisfied")),
    (2, _l("2 — not very satisfied")),
    (3, _l("3 — fairly satisfied")),
    (4, _l("4 — satisfied")),
    (5, _l("5 — very satisfied")),
]
CONFIDENCE = [
    (1, _l("1 — not at all confident")),
    (2, _l("2 — a little confident")),
    (3, _l("3 — fairly confident")),
    (4, _l("4 — confident")),
    (5, _l("5 — very confident")),
]
NPS = [
    (0, _l("0 — not at all likely")),
    *((score, str(score)) for score in range(1, 10)),
    (10, _l("10 — extremely likely")),
]
PROGRESS = [
    ("", _l("Choose…")),
    (0, _l("Not started (0%)")),
    (25, _l("A quarter of the way (25%)")),
    (50, _l("Halfway (50%)")),
    (75, _l("Three quarters of the way (75%)")),
    (100, _l("Achieved (100%)")),
]
COMMENT_MAX = 2000
GOAL_FIELD = re.compile(r"^goal_(\d+)$")


def _int_or_none(value):
    """Radio and select values: '' is no answer; anything else must be a number."""
    if value in (None, ""):
        return None
    return int(value)


def _scale(label, choices, hint=None, field=RadioField):
    values = [value for value, _label in choices if value != ""]
    return field(
        label,
        choices=[SelectChoice(value, text) for value, text in choices],
        coerce=_int_or_none,
        validate_choice=False,
        description=hint or "",
        validators=[
            InputRequired(_l("Please choose an answer.")),
            AnyOf(values, message=_l("Please choose one of the answers offered.")),
        ],
    )


def _comment(label):
    return TextAreaField(
        label,
        filters=[lambda text: text.strip() if text else ""],
        validators=[Optional(), Length(max=COMMENT_MAX)],
    )


class SurveyForm(BaseForm):
    """Base of the per-stage forms: refuses progress for goals not of this pair."""

    goal_ids = ()
    comment_max = COMMENT_MAX

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kw):
        formdata = self.meta.wrap_formdata(self, formdata)
        self.posted_goal_ids = {
            int(match.group(1))
            for key in (formdata.keys() if formdata else ())
            if (match := GOAL_FIELD.match(key))
        }
        super().process(formdata, obj, data, extra_filters, **kw)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.posted_goal_ids - set(self.goal_ids):
            self.form_errors.append(_l("This goal is not part of your mentorship."))
            return False
        return valid

    @property
    def progress_fields(self):
        return [self[f"goal_{goal_id}"] for goal_id in self.goal_ids]

    def answers(self):
        """The answers as the service stores them (questions not asked: None)."""

        def value(name):
            return self[name].data if name in self else None

        return {
            "satisfaction": value("satisfaction"),
            "nps": value("nps"),
            "confidence": value("confidence"),
            "goal_progress": {
                str(goal_id): self[f"goal_{goal_id}"].data for goal_id in self.goal_ids
            },
            "comment": value("comment") or "",
        }


def _confidence(role, when):
    if role == "mentor":
        label = _l(
            "How confident do you feel about supporting your mentee in the areas "
            "of her goals?"
        )
    else:
        label = _l("How confident do you feel in the areas of your goals?")
    hint = (
        _l("Before the mentorship: tell us where you start from.")
        if when == "before"
        else _l("Now, at the end of the mentorship.")
    )
    return _scale(label, CONFIDENCE, hint)


def _satisfaction():
    return _scale(_l("How satisfied are you with this mentorship?"), SATISFACTION)


def _nps():
    return _scale(
        _l(
            "How likely are you to recommend the Alliance's mentoring programme "
            "to a colleague?"
        ),
        NPS,
        _l("0 means not at all likely, 10 extremely likely."),
    )


def _stage_fields(stage, role):
    if stage == "baseline":
        return {
            "confidence": _confidence(role, "before"),
            "comment": _comment(_l("What do you expect from this mentorship?")),
        }
    fields = {"satisfaction": _satisfaction(), "nps": _nps()}
    if stage == "final":
        fields["confidence"] = _confidence(role, "after")
    fields["comment"] = _comment(_l("Anything else you would like to tell us?"))
    return fields


def survey_form(stage, role, goals):
    """The form of one stage, for one side, asking about each of the pair's goals."""
    fields = _stage_fields(stage, role)
    if stage != "baseline":
        for goal in goals:
            fields[f"goal_{goal.id}"] = _scale(goal.title, PROGRESS, field=SelectField)
        fields["goal_ids"] = tuple(goal.id for goal in goals)
    form_class = type(f"{stage.title()}SurveyForm", (SurveyForm,), fields)
    return form_class()
