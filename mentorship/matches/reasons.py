"""Reason codes from the matching library, put into words for the reader.

The library returns codes with values (`shared_language=fr`, `tag_overlap=mine_closure`,
`timezone_gap_hours=5`); they are stored as codes and translated only here.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .. import vocab
from ..i18n import language_name


def _tag(value):
    """One tag code, or several joined by commas, as translated labels."""
    codes = [code for code in str(value or "").split(",") if code]
    return ", ".join(vocab.label(vocab.TAGS, code) for code in codes)


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _timezone(value):
    """Minutes under an hour, else hours to the half hour ("5½ h"), rounded up
    from a quarter (Python's round() sends 2.5 to 2)."""
    gap = abs(_number(value))
    minutes = int(gap * 60 + 0.5)
    if minutes == 0:
        return _("Same time zone")
    if minutes < 60:
        return _("%(minutes)d min time-zone difference", minutes=minutes)
    halves = int(gap * 2 + 0.5)
    hours = str(halves // 2) + ("\u00bd" if halves % 2 else "")
    return _("%(hours)s h time-zone difference", hours=hours)


def _text(value):
    percent = int(_number(value) * 100 + 0.5)
    if percent <= 0:
        return _("Her expertise matches the goals in their own words")
    return _(
        "Her expertise matches the goals in their own words (%(percent)d%% alike)",
        percent=percent,
    )


def _availability(value):
    hours = int(_number(value))
    if hours <= 0:
        return _("Their available hours fit")
    return ngettext(
        "Their available hours fit: she offers %(num)d hour a month",
        "Their available hours fit: she offers %(num)d hours a month",
        hours,
    )


def _career(value):
    steps = int(value or 0)
    if steps <= 0:
        return _("Mentor at a similar career stage")
    return ngettext(
        "Mentor is %(num)d career stage ahead",
        "Mentor is %(num)d career stages ahead",
        steps,
    )


PAIR_REASONS = {
    "shared_language": lambda v: _(
        "Both speak %(language)s", language=language_name(v)
    ),
    "tag_overlap": lambda v: _(
        "Mentor's expertise covers the goal: %(topic)s", topic=_tag(v)
    ),
    "text_similarity": _text,
    "discipline_match": lambda v: _(
        "Same discipline: %(discipline)s", discipline=vocab.label(vocab.DISCIPLINES, v)
    ),
    "commodity_match": lambda v: _(
        "Both work with %(commodity)s", commodity=vocab.label(vocab.COMMODITIES, v)
    ),
    "operation_match": lambda v: _(
        "Same kind of operation: %(operation)s",
        operation=vocab.label(vocab.OPERATION_TYPES, v),
    ),
    "career_stage_gap": _career,
    "same_region": lambda v: _(
        "Same region: %(region)s", region=vocab.label(vocab.REGIONS, v)
    ),
    "different_region": lambda v: (
        _(
            "A view from another region: %(region)s",
            region=vocab.label(vocab.REGIONS, v),
        )
        if v
        else _("A view from another region")
    ),
    "timezone_gap_hours": _timezone,
    "availability_fit": _availability,
}

UNMATCHED_REASONS = {
    "no_shared_language": _l("No mentor speaks one of her languages"),
    "no_cross_organisation_mentor": _l("No mentor from another organisation"),
    "no_mentor_with_capacity": _l("No mentor has a free place"),
    "all_candidates_excluded": _l("Every possible mentor is excluded"),
    "timezone_limit": _l("No mentor within the time-zone limit"),
    "free_mentor_unused": _l(
        "A possible mentor still has a free place: run the matching again"
    ),
    "outscored": _l("Her possible mentors fit others better"),
    "no_candidates": _l("No possible mentor"),
}

CLOSE_REASONS = {
    "capacity_taken": _l("A place was taken before the release"),
    "run_discarded": _l("The run was discarded"),
    "secretariat": _l("Removed by the Secretariat"),
    "expired": _l("Nobody answered in time"),
}


def describe(reason):
    """One stored reason ({code, value, contribution}) as a sentence."""
    render = PAIR_REASONS.get(reason.get("code"))
    if render is None:
        return _("Other fit")
    return render(reason.get("value"))


def describe_unmatched(code):
    return str(UNMATCHED_REASONS.get(code, UNMATCHED_REASONS["no_candidates"]))


def describe_close(code):
    from .approvals import DECLINE_REASONS, REJECTION_REASONS

    role, _sep, reason = (code or "").rpartition(":")
    table = {**CLOSE_REASONS, **REJECTION_REASONS, **DECLINE_REASONS}
    return str(table.get(reason, code or ""))


def init_app(app):
    app.jinja_env.filters.update(
        reason=describe,
        unmatched_reason=describe_unmatched,
        close_reason=describe_close,
    )
