"""The AGM's pages: the list, an AGM (agenda, quorum, pack, minutes), a motion,
the pack, the check-in desk and the AGM proxies. The Secretariat's pages are in
`admin_routes`."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagecache import public_page
from ..db import db
from ..decisions import ballots
from ..events import times
from ..events.minutes import minutes_of
from ..roles.voices import member_organisations
from . import attendance, pack, queries, words
from .forms import CheckInForm, ProxyForm, VoteForm
from .models import AgendaItem
from .services import AgmError

bp = Blueprint("agm", __name__)


def decision_url(decision_id):
    """The decision's page, where delegates vote."""
    return url_for("decisions.detail", decision_id=decision_id)


def _agm(ref):
    agm = queries.agm_by_ref(ref)
    if agm is None:
        abort(404)
    return agm


def _item(agm, item_id):
    item = db.session.get(AgendaItem, item_id)
    policy.ensure_reach(
        item is not None
        and item.agm_id == agm.id
        and policy.can_see_agenda_item(current_user, item)
    )
    return item


@bp.get("/agm")
@public_page
def index():
    """Every AGM, the latest first."""
    agms = queries.all_agms()
    zone = times.reader_zone(current_user)
    return render_template(
        "agm/index.html",
        agms=agms,
        times={a.id: times.of(a.session, zone) for a in agms},
        words=words,
    )


@bp.get("/agm/<int:ref>")
@public_page
def detail(ref):
    """An AGM: when, the quorum now, the agenda with outcomes, pack and minutes."""
    agm = _agm(ref)
    items = [i for i in agm.items if policy.can_see_agenda_item(current_user, i)]
    queries.with_decisions(items)
    quorum = queries.quorum(agm)
    minutes = minutes_of(agm.session)
    readable = minutes is not None and policy.can_read_minutes(
        current_user, agm.session, minutes
    )
    return render_template(
        "agm/detail.html",
        agm=agm,
        when=times.of(agm.session, times.reader_zone(current_user)),
        quorum=quorum,
        present=member_organisations(quorum.ids),
        items=items,
        words=words,
        voted={
            i.id: ballots.participants(i.decision)
            for i in items
            if i.status == "voting" and i.decision is not None
        },
        minutes=minutes if readable else None,
        unrecorded=pack.unrecorded_in(agm.items) if minutes else [],
        vote_form=VoteForm(formdata=None),
        decision_url=decision_url,
        speaks=policy.agm_speaker_ids(current_user),
        hands=policy.agm_granting_ids(current_user),
    )


@bp.get("/agm/<int:ref>/items/<int:item_id>")
@public_page
def item(ref, item_id):
    """A motion (or report) with its amendments and, once voted, its outcome."""
    agm = _agm(ref)
    found = _item(agm, item_id)
    amendments = [
        a for a in found.amendments if policy.can_see_agenda_item(current_user, a)
    ]
    return render_template(
        "agm/item.html",
        agm=agm,
        item=found,
        amendments=amendments,
        words=words,
        decision_url=decision_url,
    )


@bp.get("/agm/<int:ref>/pack")
@public_page
def pack_page(ref):
    """The AGM pack: its reports and results, in the reader's language."""
    agm = _agm(ref)
    return render_template("agm/pack.html", agm=agm, words=words)


# --- Check-in --------------------------------------------------------------------


@bp.route("/agm/<int:ref>/check-in", methods=["GET", "POST"])
@policy.requires()
def check_in(ref):
    """The check-in desk: the Secretariat checks in any member organisation's
    delegate; a delegate, during the AGM, checks herself in."""
    agm = _agm(ref)
    policy.ensure_allowed(policy.can_use_check_in_desk(current_user, agm))
    form = CheckInForm()
    if not form.is_submitted():
        return _desk_page(agm)
    if not form.validate():
        flash(_("Choose the delegate present."), "error")
        return _desk_page(agm, 400)
    organisation = attendance.organisation_of(int(form.organisation_id.data))
    delegate = attendance.person_of(form.delegate_id.data)
    try:
        attendance.check_in(agm, organisation, delegate, current_user)
    except AgmError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _desk_page(agm, 400)
    db.session.commit()
    flash(_("%(name)s is checked in.", name=organisation.name), "success")
    return redirect(url_for(".check_in", ref=agm.year))


@bp.post("/agm/<int:ref>/check-in/<int:checkin_id>/undo")
@policy.requires(policy.can_manage_agm)
def undo_check_in(ref, checkin_id):
    """The Secretariat takes a check-in back (a mistake, a delegate who left)."""
    agm = _agm(ref)
    try:
        attendance.undo_check_in(agm, checkin_id, current_user)
    except AgmError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The check-in was taken back."), "success")
    return redirect(url_for(".check_in", ref=agm.year))


def _desk_page(agm, status=200):
    page = render_template(
        "agm/check_in.html",
        agm=agm,
        rows=attendance.desk_rows(agm, current_user),
        quorum=queries.quorum(agm),
        words=words,
    )
    return page, status


# --- AGM proxies -------------------------------------------------------------------


@bp.route("/agm/<int:ref>/proxies", methods=["GET", "POST"])
@policy.requires(policy.can_see_agm_proxies)
def proxies(ref):
    """Her organisation hands its AGM vote to another organisation's delegate;
    the Secretariat sees every AGM proxy (who, when, until, revoked)."""
    agm = _agm(ref)
    form = _proxy_form(agm)
    if not form.is_submitted():
        return _proxies_page(agm, form)
    if not form.validate():
        return _proxies_page(agm, form, 400)
    organisation = attendance.organisation_of(form.organisation_id.data)
    holder = attendance.person_of(form.holder_id.data)
    policy.ensure_allowed(policy.can_hand_agm_vote(current_user, organisation))
    try:
        proxy = attendance.grant(agm, organisation, holder, current_user)
    except AgmError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _proxies_page(agm, form, 400)
    db.session.commit()
    flash(
        _(
            "%(name)s's vote at this AGM is now carried by %(holder)s.",
            name=organisation.name,
            holder=proxy.holder.name,
        ),
        "success",
    )
    return redirect(url_for(".proxies", ref=agm.year))


def _granting(user):
    ids = policy.agm_granting_ids(user)
    return member_organisations(ids)


def _proxy_form(agm):
    form = ProxyForm()
    organisations = _granting(current_user)
    first = organisations[0].id if organisations else -1
    form.set_choices(organisations, queries.speakers_elsewhere(first))
    return form


def _proxies_page(agm, form, status=200):
    mine = {o.id for o in _granting(current_user)}
    staff = policy.can_manage_agm(current_user)
    every = queries.agm_proxies(agm, in_force_only=False)
    shown = [p for p in every if staff or p.organisation_id in mine]
    carried = [
        p for p in every if p.holder_id == current_user.id and p.revoked_at is None
    ]
    page = render_template(
        "agm/proxies.html",
        agm=agm,
        form=form,
        proxies=shown,
        carried=carried,
        can_grant=bool(mine) and not agm.is_closed,
        staff=staff,
    )
    return page, status


@bp.post("/agm/<int:ref>/proxies/<int:proxy_id>/revoke")
@policy.requires(policy.can_see_agm_proxies)
def revoke_proxy(ref, proxy_id):
    """Its organisation (or the Secretariat) takes an AGM proxy back."""
    agm = _agm(ref)
    proxy = attendance.proxy_of(agm, proxy_id)
    policy.ensure_reach(
        proxy is not None and policy.can_revoke_agm_proxy(current_user, proxy)
    )
    try:
        attendance.revoke(proxy, current_user)
    except AgmError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".proxies", ref=agm.year))
    db.session.commit()
    flash(_("The proxy was revoked."), "success")
    return redirect(url_for(".proxies", ref=agm.year))
