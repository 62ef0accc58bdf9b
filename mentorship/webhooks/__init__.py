"""Webhooks: an organisation's endpoints are told of its members' events
(enrolment, match, registration), signed (Standard Webhooks), retried with backoff,
with a delivery log on its coordinators' pages."""


def init_app(app):
    from . import reactions, routes

    app.register_blueprint(routes.bp)
    reactions.init_app(app)
