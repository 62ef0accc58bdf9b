"""The members' panel on a group's page (slot "group.page"): how many members, the
roster, and the ask-to-join and nominate actions where the reader may use them;
and her waiting requests ending with her account."""

from .. import policy
from ..core import panels, signals
from . import members_queries as queries
from .members import withdraw_for_erasure


def init_app(app):
    panels.register(
        app, "group.page", "members", "groups/members/_panel.html", group_page, order=10
    )
    signals.person_erased.connect(withdraw_for_erasure)


def group_page(group, reader):
    """What the panel shows to this reader (always something: the count)."""
    waiting = queries.waiting_for(group, reader)
    return {
        "group": group,
        "count": queries.member_count(group),
        "waiting": waiting,
        "can_join": policy.can_ask_to_join(reader, group) and waiting is None,
        "can_nominate": policy.can_nominate(reader, group),
        "member": policy.is_group_member(reader, group),
        "queue": len(queries.queue(group))
        if policy.can_decide_requests(reader, group)
        else None,
    }
