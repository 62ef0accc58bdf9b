"""The annual Alliance report: the Secretariat drafts, edits and publishes it; a
published report is public."""

from .people import is_staff


def can_manage_annual_reports(user):
    """She drafts, edits and publishes the annual report (the Secretariat)."""
    return is_staff(user)


def can_read_annual_report(user, report):
    """A published report is public; a draft is the Secretariat's."""
    return report is not None and (report.is_published or is_staff(user))
