"""The webhooks' rows: an organisation's endpoints and delivery log are its
coordinators' (and the Secretariat's, read-only: 403 on every action); anyone else
gets 404, as for its member list."""

from mentorship.db import db
from mentorship.webhooks.models import WebhookDelivery, WebhookEndpoint

from ..policy_rows import LOGIN, ORG_PEOPLE, row

MANAGE_POST = row(LOGIN, 404, 404, 302, 404, 403, 404, 403, 403, 404)
MANAGE_PAGE = row(LOGIN, 404, 404, 200, 404, 403, 404, 403, 403, 404)
MANAGE_BAD = row(LOGIN, 404, 404, 400, 404, 403, 404, 403, 403, 404)
W = "/organisations/{org_id}/webhooks"
E = W + "/{webhook_endpoint_id}"

ROWS = {
    ("webhooks.index", "GET"): (W, {}, ORG_PEOPLE),
    ("webhooks.add", "POST"): (W, {}, MANAGE_BAD),
    ("webhooks.endpoint", "GET"): (E, {}, ORG_PEOPLE),
    ("webhooks.pause", "POST"): (E + "/pause", {}, MANAGE_POST),
    ("webhooks.resume", "POST"): (E + "/resume", {}, MANAGE_POST),
    ("webhooks.events", "POST"): (E + "/events", {}, MANAGE_BAD),
    ("webhooks.rotate", "POST"): (E + "/secret", {}, MANAGE_PAGE),
    ("webhooks.delete", "POST"): (E + "/delete", {}, MANAGE_POST),
    ("webhooks.test", "POST"): (E + "/test", {}, MANAGE_POST),
    ("webhooks.resend", "POST"): (
        E + "/deliveries/{webhook_delivery_id}/resend",
        {},
        MANAGE_POST,
    ),
}


def world(ids, people, make_org, make_user):
    """An endpoint of organisation A (to a closed loopback port: sending it is
    refused at once) with one failed delivery."""
    endpoint = WebhookEndpoint(
        organisation_id=ids["org_id"],
        url="http://127.0.0.1:9/hook",
        events=["match.made"],
        secret_salt="0" * 64,
    )
    db.session.add(endpoint)
    db.session.flush()
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id,
        message_id="msg_matrix",
        event_type="webhook.test",
        body="{}",
        status="failed",
        attempts=6,
    )
    db.session.add(delivery)
    db.session.commit()
    return {"webhook_endpoint_id": endpoint.id, "webhook_delivery_id": delivery.id}
