"""Events (sessions) and registration. The sessions a token sees are those its
holder sees on the calendar (`policy.visible_sessions`, `policy.can_see_session`);
registering and cancelling go through the same service as the page's buttons
(`events.registration`), for the holder herself or, for an organisation's
coordinators and its token, for one of its members (`policy.can_register_for`;
the session must be open to her, and the change is audited with who made it)."""

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ... import policy
from ...audit import record
from ...auth.models import User
from ...db import db, utcnow
from ...events import queries
from ...events import registration as services
from ...events.models import EventSession, ListVisibility
from ...i18n import localized
from .. import auth
from ..common import PageArgs, Schema, ensure_reach, page_schema, paged
from ..problems import ApiProblem

blp = Blueprint(
    "api_events", __name__, description="Events (sessions) and registration."
)


class EventSchema(Schema):
    id = fields.Integer(required=True)
    series = fields.Function(lambda s: s.series.slug, required=True)
    title = fields.Function(lambda s: localized(s, "title") or "", required=True)
    audience = fields.String(required=True)
    status = fields.String(required=True)
    language = fields.String(required=True)
    interpretations = fields.List(fields.String(), required=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    timezone = fields.String(required=True)
    capacity = fields.Integer(allow_none=True)
    registration_open = fields.Function(
        lambda s: s.registration_is_open(utcnow()), required=True
    )


class EventArgs(PageArgs):
    when = fields.String(
        load_default="upcoming", validate=validate.OneOf(list(queries.WHEN))
    )


class RegistrationSchema(Schema):
    event_id = fields.Integer(required=True, attribute="session_id")
    person_id = fields.Integer(required=True, attribute="user_id")
    status = fields.String(required=True)
    list_visibility = fields.String(required=True)
    offer_expires_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime(required=True)
    cancelled_at = fields.DateTime(allow_none=True)


class RegisterBody(Schema):
    visibility = fields.String(
        load_default=ListVisibility.ORGANISERS.value,
        validate=validate.OneOf([v.value for v in ListVisibility]),
    )
    answers = fields.Dict(
        keys=fields.String(validate=validate.Length(max=40)),
        values=fields.String(validate=validate.Length(max=2000)),
        load_default=dict,
    )


EventPage = page_schema(EventSchema, "EventPage")


def _session(session_id):
    found = db.session.get(EventSession, session_id)
    ensure_reach(found is not None and policy.can_see_session(auth.actor(), found))
    return found


def _person(person_id):
    """The person named in the URL, if the token's holder may see her (404)."""
    found = db.session.get(User, person_id)
    ensure_reach(
        found is not None
        and found.erased_at is None
        and policy.can_view_person(auth.actor(), found)
    )
    return found


def _may_register(person):
    if not policy.can_register_for(auth.actor(), person):
        raise ApiProblem(
            403,
            _l(
                "You may register or cancel only for yourself or, as a "
                "coordinator, for your organisation's members."
            ),
            slug="not-hers-to-register",
        )


def _on_behalf(row, person, action):
    """A registration changed by someone else than her (her coordinator, or her
    organisation's token) is recorded with who did it."""
    actor = auth.actor()
    if actor.id != person.id:
        record(
            row,
            action,
            actor=actor if actor.id is not None else None,
            data={"for": person.id, "organisation_token": actor.id is None},
        )


@blp.get("/events")
@auth.requires_scope("events:read")
@blp.etag
@blp.arguments(EventArgs, location="query", as_kwargs=True)
@blp.response(200, EventPage)
def events(page, per_page, when):
    """The sessions its holder may see, upcoming (default) or past."""
    filters = queries.Filters(when=when)
    pagination = queries.calendar(auth.actor(), filters, page, per_page=per_page)
    body, headers = paged(pagination)
    return body, 200, headers


@blp.get("/events/<int:event_id>")
@auth.requires_scope("events:read")
@blp.etag
@blp.response(200, EventSchema)
def event(event_id):
    return _session(event_id)


@blp.get("/events/<int:event_id>/registrations/<int:person_id>")
@auth.requires_scope("events:read")
@blp.etag
@blp.response(200, RegistrationSchema)
def registration(event_id, person_id):
    """A person's registration (herself; an organisation's coordinators see
    their members'): 404 when she has none."""
    found = _session(event_id)
    someone = _person(person_id)
    row = services.registration_of(found, someone)
    ensure_reach(row is not None)
    return row


@blp.put("/events/<int:event_id>/registrations/<int:person_id>")
@auth.requires_scope("registrations:write")
@blp.arguments(RegisterBody)
@blp.response(200, RegistrationSchema)
def register(body, event_id, person_id):
    """Register: a seat if one is free, else the waitlist (status says which).
    Refused (closed, already registered, not in the audience): 409."""
    _session(event_id)
    someone = _person(person_id)
    _may_register(someone)
    return _act(
        lambda: services.register(
            event_id, someone, answers=body["answers"], visibility=body["visibility"]
        ),
        someone,
        "registered_on_behalf",
    )


@blp.delete("/events/<int:event_id>/registrations/<int:person_id>")
@auth.requires_scope("registrations:write")
@blp.response(200, RegistrationSchema)
def cancel(event_id, person_id):
    """Cancel her seat, offer or waitlist place (until the start)."""
    _session(event_id)
    someone = _person(person_id)
    _may_register(someone)
    return _act(
        lambda: services.cancel(event_id, someone), someone, "cancelled_on_behalf"
    )


def _act(work, person, action):
    try:
        row = work()
    except services.RegistrationError as error:
        db.session.rollback()
        raise ApiProblem(409, str(error), slug="registration-refused") from None
    _on_behalf(row, person, action)
    db.session.commit()
    return row
