"""The Alliance's taxonomy of needs and offers and the words for every code here.

Codes are stored; their labels are translated when shown.
"""

from flask_babel import lazy_gettext as _l

from .models import (
    Category,
    FollowUpAnswer,
    IntroductionStatus,
    ListingKind,
    PartnershipKind,
    PartnershipStatus,
)

CATEGORIES = {
    Category.MENTORING_CAPACITY: _l("Mentoring capacity"),
    Category.DATA_RESEARCH: _l("Data and research"),
    Category.ADVOCACY: _l("Advocacy"),
    Category.LEGAL_GOVERNANCE: _l("Legal and governance set-up"),
    Category.FUNDRAISING: _l("Fundraising"),
    Category.EVENTS: _l("Events"),
    Category.COMMUNICATIONS: _l("Communications"),
    Category.TRANSLATION: _l("Translation"),
    Category.TRAINING: _l("Training"),
    Category.TECHNICAL_EXPERTISE: _l("Technical expertise"),
    Category.NETWORKING: _l("Networking"),
    Category.OTHER: _l("Other"),
}
KINDS = {ListingKind.NEED: _l("We need"), ListingKind.OFFER: _l("We can offer")}
STATUSES = {
    IntroductionStatus.PROPOSED: _l("Proposed"),
    IntroductionStatus.INTRODUCED: _l("Introduced"),
    IntroductionStatus.DECLINED: _l("Declined"),
    IntroductionStatus.WITHDRAWN: _l("Withdrawn"),
}
PARTNERSHIP_KINDS = {
    PartnershipKind.MENTORING_EXCHANGE: _l("Mentoring exchange"),
    PartnershipKind.JOINT_EVENT: _l("Joint event"),
    PartnershipKind.RESEARCH_DATA: _l("Research or data"),
    PartnershipKind.ADVOCACY: _l("Advocacy"),
    PartnershipKind.SHARED_RESOURCES: _l("Shared resources"),
    PartnershipKind.OTHER: _l("Other"),
}
PARTNERSHIP_STATUSES = {
    PartnershipStatus.EXPLORING: _l("Exploring"),
    PartnershipStatus.ACTIVE: _l("Active"),
    PartnershipStatus.COMPLETED: _l("Completed"),
    PartnershipStatus.ENDED: _l("Ended"),
}
FOLLOW_UP_ANSWERS = {
    FollowUpAnswer.PARTNERSHIP: _l("A partnership came out of it"),
    FollowUpAnswer.NO_PARTNERSHIP: _l("No partnership came out of it"),
}

assert set(CATEGORIES) == set(Category)
assert set(PARTNERSHIP_KINDS) == set(PartnershipKind)
assert set(PARTNERSHIP_STATUSES) == set(PartnershipStatus)


def label(table, code):
    """A code's label in the reader's language; an unknown code as is."""
    value = table.get(code)
    return str(value) if value is not None else str(code)
