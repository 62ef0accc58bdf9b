"""Shared metrics: who keeps the registry and the cycles, who enters an
organisation's figures, who reviews them.

The Secretariat (and administrators) manage the indicators and the cycles, grant
later deadlines and review every value. An organisation's figures are entered and
submitted by its data submitters; its leader may too (she answers for its data,
and stands in when it has named no data submitter). Her organisation's values and
their edit log are read by those who may enter them and by the Secretariat. The
registry is public.
"""

from .constituents import organisations_held, positions_in
from .people import is_staff

METRICS_SUBMITTERS = ("data_submitter", "leader")
"""The positions through which an organisation enters and submits its figures."""


def can_manage_metrics(user):
    """The Secretariat keeps the registry and the cycles and reviews values."""
    return is_staff(user)


def submits_metrics_for(user, organisation_id):
    """Its data submitter or leader: she enters and submits its figures."""
    return bool(positions_in(user, organisation_id) & set(METRICS_SUBMITTERS))


def metrics_organisation_ids(user):
    """Ids of the organisations whose figures she enters (a set)."""
    return organisations_held(user, METRICS_SUBMITTERS)


def can_enter_metrics(user):
    """She enters figures for some organisation (her cycles' page)."""
    return bool(metrics_organisation_ids(user)) or is_staff(user)


def can_read_organisation_metrics(user, organisation_id):
    """Its submitters and the Secretariat read its values, comments and log."""
    return is_staff(user) or submits_metrics_for(user, organisation_id)


# -- part publish


def can_publish_metrics(user):
    """The Secretariat publishes a cycle's approved figures (a new version each
    time); the published figures and open data are public."""
    return is_staff(user)
