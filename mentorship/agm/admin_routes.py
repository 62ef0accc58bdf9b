"""The Secretariat's AGM pages: create an AGM, open and close it, write its agenda
and pack, put motions to the vote and close the votes, record the resolutions in
the minutes."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..db import db, utcnow
from ..events import times
from ..i18n import localized
from ..roles.voices import member_organisations
from . import pack, services, voting, words
from .forms import AgmForm, ItemForm, RulesForm, SectionForm, VoteForm
from .models import AgendaItem, Agm, ItemKind, PackSection, Proposer
from .routes import bp
from .services import AgmError

staff_only = policy.requires(policy.can_manage_agm)


def _done(agm, message):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".detail", ref=agm.year))


def _refused(agm, error):
    db.session.rollback()
    flash(str(error), "error")
    return redirect(url_for(".detail", ref=agm.year))


@bp.route("/admin/agm/new", methods=["GET", "POST"])
@staff_only
def create():
    """A new AGM: a session of the AGM series, its quorum and default rules."""
    form = AgmForm()
    if not form.is_submitted():
        form.timezone.data = times.reader_zone(current_user)
        form.year.data = utcnow().year
    if form.validate_on_submit():
        values = services.AgmValues(
            year=form.year.data,
            day=form.day.data,
            starts=form.starts.data,
            duration=int(form.duration.data),
            timezone=form.timezone.data,
            language=form.language.data,
            join_url=form.join_url.data or "",
            quorum_percent=form.quorum_percent.data,
            majority=form.majority.data,
            abstentions=form.abstentions.data,
            secret=form.secret.data,
        )
        try:
            agm = services.create_agm(values, current_user)
        except AgmError as error:
            db.session.rollback()
            flash(str(error), "error")
            return render_template("agm/create.html", form=form), 400
        return _done(agm, _("The AGM was created."))
    status = 400 if form.is_submitted() else 200
    return render_template("agm/create.html", form=form), status


@bp.route("/admin/agm/<int:agm_id>/rules", methods=["GET", "POST"])
@staff_only
def rules(agm_id):
    """The quorum and the motions' default rules, until the AGM opens."""
    agm = db.get_or_404(Agm, agm_id)
    form = RulesForm(obj=agm)
    if not form.validate_on_submit():
        page = render_template("agm/rules.html", agm=agm, form=form)
        return page, 400 if form.is_submitted() else 200
    try:
        services.change_rules(
            agm,
            form.quorum_percent.data,
            form.majority.data,
            form.abstentions.data,
            form.secret.data,
            current_user,
        )
    except AgmError as error:
        return _refused(agm, error)
    return _done(agm, _("The rules were saved."))


@bp.post("/admin/agm/<int:agm_id>/open")
@staff_only
def open_meeting(agm_id):
    """The chair opens the AGM: delegates check in, motions are voted."""
    agm = db.get_or_404(Agm, agm_id)
    try:
        services.open_agm(agm, current_user)
    except AgmError as error:
        return _refused(agm, error)
    return _done(agm, _("The AGM is in session."))


@bp.post("/admin/agm/<int:agm_id>/close")
@staff_only
def close_meeting(agm_id):
    """The chair closes the AGM."""
    agm = db.get_or_404(Agm, agm_id)
    try:
        services.close_agm(agm, current_user)
    except AgmError as error:
        return _refused(agm, error)
    return _done(agm, _("The AGM is closed."))


# --- The agenda ----------------------------------------------------------------------


def _item_form(agm, item=None):
    form = ItemForm(obj=item) if item is not None else ItemForm()
    motions = [
        (m, localized(m, "title"))
        for m in agm.items
        if m.is_motion and not m.is_amendment and (item is None or m.id != item.id)
    ]
    form.set_choices(motions, member_organisations())
    if item is not None and not form.is_submitted():
        form.parent_id.data = item.parent_id
        form.proposer_organisation_id.data = item.proposer_organisation_id
        form.secret.data = {None: "", True: "secret", False: "open"}[item.secret]
        form.majority.data = item.majority or ""
        form.abstentions.data = item.abstentions or ""
    return form


def _item_values(form):
    proposer = form.proposer.data
    return services.ItemValues(
        kind=form.kind.data,
        title=form.title.data,
        text=form.text.data,
        proposer=proposer,
        proposer_organisation_id=form.proposer_organisation_id.data
        if proposer == Proposer.ORGANISATION
        else None,
        parent_id=form.parent_id.data,
        majority=form.majority.data or None,
        abstentions=form.abstentions.data or None,
        secret={"": None, "secret": True, "open": False}[form.secret.data or ""],
    )


def _item_page(agm, form, item=None, status=200):
    page = render_template(
        "agm/item_form.html", agm=agm, form=form, item=item, words=words
    )
    return page, status


@bp.route("/admin/agm/<int:agm_id>/items/new", methods=["GET", "POST"])
@staff_only
def new_item(agm_id):
    """A new agenda item: a report, motion, amendment, election or other point."""
    agm = db.get_or_404(Agm, agm_id)
    form = _item_form(agm)
    if not form.validate_on_submit():
        return _item_page(agm, form, status=400 if form.is_submitted() else 200)
    try:
        services.add_item(agm, _item_values(form), current_user)
    except AgmError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _item_page(agm, form, status=400)
    return _done(agm, _("The item was added to the agenda."))


def _item_of(item_id):
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        abort(404)
    return item


@bp.route("/admin/agm/items/<int:item_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_item(item_id):
    """Change an item's texts and rules until it is put to the vote."""
    item = _item_of(item_id)
    agm = item.agm
    form = _item_form(agm, item)
    if not form.validate_on_submit():
        return _item_page(agm, form, item, 400 if form.is_submitted() else 200)
    try:
        services.edit_item(item, _item_values(form), current_user)
    except AgmError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _item_page(agm, form, item, 400)
    return _done(agm, _("The item was saved."))


@bp.post("/admin/agm/items/<int:item_id>/table")
@staff_only
def table_item(item_id):
    """Put a draft motion on the public agenda."""
    item = _item_of(item_id)
    try:
        services.table(item, current_user)
    except AgmError as error:
        return _refused(item.agm, error)
    return _done(item.agm, _("The motion is tabled."))


@bp.post("/admin/agm/items/<int:item_id>/withdraw")
@staff_only
def withdraw_item(item_id):
    """Withdraw a motion not yet voted."""
    item = _item_of(item_id)
    try:
        services.withdraw(item, current_user)
    except AgmError as error:
        return _refused(item.agm, error)
    return _done(item.agm, _("The motion was withdrawn."))


@bp.post("/admin/agm/items/<int:item_id>/vote")
@staff_only
def put_to_vote(item_id):
    """The chair puts a tabled motion to the vote for some minutes."""
    item = _item_of(item_id)
    form = VoteForm()
    if not form.validate() or item.kind != ItemKind.MOTION:
        return _refused(item.agm, _("Choose how long the vote stays open."))
    try:
        voting.put_to_vote(item, current_user, int(form.minutes.data))
    except AgmError as error:
        return _refused(item.agm, error)
    return _done(item.agm, _("The motion is put to the vote."))


@bp.post("/admin/agm/items/<int:item_id>/close-vote")
@staff_only
def close_vote(item_id):
    """The chair closes a motion's vote: it is counted, the motion follows."""
    item = _item_of(item_id)
    try:
        voting.close_vote(item, current_user)
    except AgmError as error:
        return _refused(item.agm, error)
    label = words.MOTION_STATUS.get(item.status, item.status)
    return _done(item.agm, _("The vote is closed: %(outcome)s.", outcome=label))


# --- The pack and the minutes ------------------------------------------------------


def _section_form(section=None):
    form = SectionForm(obj=section) if section is not None else SectionForm()
    form.set_choices(pack.resources(), lambda r: localized(r, "title"))
    if section is not None and not form.is_submitted():
        form.resource_id.data = section.resource_id
    return form


def _section_page(agm, form, section=None, status=200):
    page = render_template("agm/section_form.html", agm=agm, form=form, section=section)
    return page, status


@bp.route("/admin/agm/<int:agm_id>/pack/new", methods=["GET", "POST"])
@staff_only
def new_section(agm_id):
    """A new section of the AGM pack."""
    agm = db.get_or_404(Agm, agm_id)
    form = _section_form()
    if not form.validate_on_submit():
        return _section_page(agm, form, status=400 if form.is_submitted() else 200)
    try:
        pack.add_section(
            agm,
            form.kind.data,
            form.title.data,
            form.text.data,
            current_user,
            form.resource_id.data,
        )
    except AgmError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _section_page(agm, form, status=400)
    db.session.commit()
    flash(_("The section was added to the pack."), "success")
    return redirect(url_for(".pack_page", ref=agm.year))


@bp.route("/admin/agm/pack/<int:section_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_section(section_id):
    """Change a section of the pack (its translations' statuses follow)."""
    section = db.get_or_404(PackSection, section_id)
    agm = section.agm
    form = _section_form(section)
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return _section_page(agm, form, section, status)
    try:
        pack.edit_section(
            section,
            form.kind.data,
            form.title.data,
            form.text.data,
            current_user,
            form.resource_id.data,
        )
    except AgmError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _section_page(agm, form, section, 400)
    db.session.commit()
    flash(_("The section was saved."), "success")
    return redirect(url_for(".pack_page", ref=agm.year))


@bp.post("/admin/agm/<int:agm_id>/resolutions")
@staff_only
def record_resolutions(agm_id):
    """Record the carried motions as decisions of the AGM's draft minutes."""
    agm = db.get_or_404(Agm, agm_id)
    try:
        count = pack.record_resolutions(agm, current_user)
    except AgmError as error:
        return _refused(agm, error)
    return _done(agm, _("Resolutions recorded in the minutes: %(count)d.", count=count))
