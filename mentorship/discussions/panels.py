"""The discussion's panel on a group's page (slot "group.page"): the latest threads
she may read, with a link to the whole discussion."""

from .. import policy
from ..core import panels
from . import services


def register(app):
    panels.register(
        app, "group.page", "discussion", "discussions/_panel.html", group_page, 20
    )


def group_page(group, reader):
    if not policy.can_read_discussion(reader, group):
        return None
    threads = services.latest_threads(group, reader)
    return {
        "group": group,
        "threads": threads,
        "replies": services.reply_counts(threads),
        "may_post": policy.can_post_in_group(reader, group),
    }
