"""Outcomes: dashboards, named member rows, exports."""

from .people import can_read_reports, coordinates, is_coordinator, is_staff


def can_view_outcomes(user, organisation_id=None):
    """Dashboards: the Alliance view for Secretariat, admins and the Steering
    Committee; a coordinator sees her own organisation's figures only."""
    if can_read_reports(user):
        return True
    return organisation_id is not None and coordinates(user, organisation_id)


def can_open_dashboards(user):
    """The outcomes page: its readers, and coordinators (sent to their own)."""
    return can_view_outcomes(user, user.organisation_id)


def can_open_metric_exports(user):
    """The figures' downloads: the dashboards' readers, and coordinators (whose
    figures are then asked per organisation by `can_view_outcomes`)."""
    return can_read_reports(user) or is_coordinator(user)


def can_open_participant_exports(user):
    """The participant lists: staff, and coordinators (for their own organisation,
    asked by `can_export_participants`)."""
    return is_staff(user) or is_coordinator(user)


def can_see_member_rows(viewer, organisation_id):
    """Named rows of an organisation's members (who, role, status, meetings): its
    coordinators and the Secretariat. The Steering Committee reads aggregates only,
    never people, as it may not open `/people/<id>` or the participant export."""
    return is_staff(viewer) or coordinates(viewer, organisation_id)


def outcome_scope(user):
    """Every figure `user` may request covers a part of this: None for the Alliance
    (its readers), else her organisation's id. Disclosure control of survey figures
    considers every group within it (see core/disclosure.py)."""
    return None if can_read_reports(user) else user.organisation_id


def can_export_participants(user, organisation_id=None):
    """Participant lists name people: staff for all, a coordinator for her own."""
    if is_staff(user):
        return True
    return organisation_id is not None and coordinates(user, organisation_id)
