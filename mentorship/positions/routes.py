"""Common positions: the public register, an organisation's answer, and the
Secretariat's drafts, publication and results."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagecache import public_page
from ..core.pagination import page_arg
from ..db import db
from ..forms import db_id
from ..organisations.models import Organisation
from ..roles.voices import member_organisations
from . import labels, queries, services
from .forms import (
    AnswerForm,
    DraftForm,
    PositionForm,
    PublishForm,
    WindowForm,
    WithdrawForm,
)
from .models import Position, PositionVersion, Ratification, VersionStatus

bp = Blueprint("positions", __name__)

staff_only = policy.requires(policy.can_manage_positions)


# --- The public register -------------------------------------------------------------


@bp.get("/positions")
@public_page
def register():
    """Every published position with its current version and its counts."""
    kind = _arg("kind", queries.KINDS)
    window = _arg("status", queries.WINDOW_FILTERS)
    page = queries.register(kind, window, services.today(), page_arg())
    tallies = queries.counts([version.id for version in page.items])
    return render_template(
        "positions/register.html",
        labels=labels,
        page=page,
        tallies=tallies,
        kind=kind,
        window=window,
        today=services.today(),
    )


@bp.get("/positions/<int:position_id>")
@public_page
def detail(position_id):
    """A position's versions, their texts and who answered each; her answer form."""
    return _detail_page(_published_position(position_id))


def _detail_page(position, form=None, status=200):
    versions = queries.published_versions(position)
    answers = queries.answers_by_version([v.id for v in versions])
    page = render_template(
        "positions/detail.html",
        labels=labels,
        position=position,
        versions=versions,
        current=versions[0],
        answers=answers,
        voices=_her_voices(versions[0], form),
        today=services.today(),
    )
    return page, status


def _her_voices(current, form):
    """(organisation, its answer to the current version, a form) for each member
    organisation the reader speaks for."""
    ids = policy.answering_organisation_ids(current_user)
    voices = []
    for organisation in member_organisations(ids):
        mine = form is not None and form.organisation_id.data == str(organisation.id)
        voices.append(
            (
                organisation,
                queries.ratification_of(current, organisation.id),
                form if mine else _answer_form(current, organisation),
            )
        )
    return voices


def _answer_form(version, organisation):
    form = AnswerForm(formdata=None)
    form.version_id.data = str(version.id)
    form.organisation_id.data = str(organisation.id)
    return form


@bp.post("/positions/<int:position_id>/answer")
@policy.requires(policy.can_answer_positions)
def answer(position_id):
    """Her organisation ratifies, abstains or declines the version she read."""
    position = _published_position(position_id)
    form = AnswerForm()
    organisation = _record(Organisation, form.organisation_id.data)
    policy.ensure_allowed(policy.speaks_for_member(current_user, organisation))
    version = _record(PositionVersion, form.version_id.data)
    if version is None or version.position_id != position.id:
        flash(_("This version is not open for answers."), "error")
        return _detail_page(position, form, 400)
    if not form.validate():
        return _detail_page(position, form, 400)
    try:
        services.answer(
            version, organisation, form.answer.data, form.comment.data, current_user
        )
    except services.PositionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _detail_page(position, form, 400)
    db.session.commit()
    flash(_("%(name)s's answer was recorded.", name=organisation.name), "success")
    return redirect(url_for(".detail", position_id=position.id))


@bp.route(
    "/positions/ratifications/<int:ratification_id>/withdraw", methods=["GET", "POST"]
)
@policy.requires(policy.can_answer_positions)
def withdraw(ratification_id):
    """Her organisation withdraws its answer (confirmed; the row stays)."""
    ratification = db.get_or_404(Ratification, ratification_id)
    policy.ensure_allowed(policy.can_withdraw_for(current_user, ratification))
    form = WithdrawForm()
    back = url_for(".detail", position_id=ratification.version.position_id)
    if not form.is_submitted():
        return _withdraw_page(ratification, form, back)
    if not form.validate():
        return _withdraw_page(ratification, form, back, 400)
    try:
        services.withdraw(ratification, form.reason.data, current_user)
    except services.PositionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _withdraw_page(ratification, form, back, 400)
    db.session.commit()
    flash(_("The answer was withdrawn."), "success")
    return redirect(back)


def _withdraw_page(ratification, form, back, status=200):
    page = render_template(
        "positions/withdraw.html", ratification=ratification, form=form, back=back
    )
    return page, status


# --- The Secretariat -----------------------------------------------------------------


@bp.get("/admin/positions")
@staff_only
def admin():
    """Every position, drafts included, with the counts of its current version."""
    return _admin_page()


def _admin_page(status=200):
    kind = _arg("kind", queries.KINDS)
    window = _arg("status", (*queries.WINDOW_FILTERS, "draft"))
    page = queries.admin_list(kind, window, services.today(), page_arg())
    current = [p.current.id for p in page.items if p.current is not None]
    html = render_template(
        "positions/admin.html",
        labels=labels,
        kind=kind,
        window=window,
        page=page,
        tallies=queries.counts(current),
        today=services.today(),
    )
    return html, status


@bp.route("/admin/positions/new", methods=["GET", "POST"])
@staff_only
def create():
    """A new position or priority, saved as the draft of its first version."""
    form = PositionForm()
    if form.validate_on_submit():
        position = services.create_position(
            form.kind.data, form.title.data, form.text.data, current_user
        )
        db.session.commit()
        flash(_("The draft was saved."), "success")
        return redirect(url_for(".results", version_id=position.versions[0].id))
    return _form_page(form, None)


@bp.post("/admin/positions/<int:position_id>/versions")
@staff_only
def new_version(position_id):
    """Prepare the next version, starting from the current texts."""
    position = db.get_or_404(Position, position_id)
    try:
        version = services.new_version(position, current_user)
    except services.PositionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _admin_page(400)
    db.session.commit()
    flash(_("Version %(number)d was started as a draft.", number=version.number))
    return redirect(url_for(".edit", version_id=version.id))


@bp.route("/admin/positions/versions/<int:version_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(version_id):
    """Change a draft's texts; a published version never changes."""
    version = db.get_or_404(PositionVersion, version_id)
    if version.status != VersionStatus.DRAFT:
        return _not_a_draft(version)
    form = DraftForm(obj=version)
    if form.validate_on_submit():
        services.update_draft(version, form.title.data, form.text.data, current_user)
        db.session.commit()
        flash(_("The draft was saved."), "success")
        return redirect(url_for(".results", version_id=version.id))
    return _form_page(form, version)


def _not_a_draft(version):
    flash(
        _("A published version never changes: prepare a new version instead."),
        "error",
    )
    if request.method == "GET":
        return redirect(url_for(".results", version_id=version.id))
    return _results_page(version, 400)


def _form_page(form, version):
    status = 400 if form.is_submitted() else 200
    page = render_template("positions/form.html", form=form, version=version)
    return page, status


@bp.route("/admin/positions/versions/<int:version_id>/publish", methods=["GET", "POST"])
@staff_only
def publish(version_id):
    """Publish a draft with its ratification window."""
    version = db.get_or_404(PositionVersion, version_id)
    if version.status != VersionStatus.DRAFT:
        return _not_a_draft(version)
    form = PublishForm()
    if form.validate_on_submit():
        try:
            services.publish(
                version, form.opens_on.data, form.closes_on.data, current_user
            )
        except services.PositionError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Version %(number)d was published.", number=version.number))
            return redirect(url_for(".results", version_id=version.id))
        return _publish_page(version, form, 400)
    return _publish_page(version, form, 400 if form.is_submitted() else 200)


def _publish_page(version, form, status):
    return render_template("positions/publish.html", version=version, form=form), status


@bp.get("/admin/positions/versions/<int:version_id>")
@staff_only
def results(version_id):
    """One version: its texts' status, its window, every member's answer."""
    return _results_page(db.get_or_404(PositionVersion, version_id))


def _results_page(version, status=200):
    page = render_template(
        "positions/results.html",
        labels=labels,
        version=version,
        position=version.position,
        answers=queries.answers_by_version([version.id])[version.id],
        waiting=queries.unanswered_members(version),
        tally=queries.counts([version.id])[version.id],
        window_form=WindowForm(formdata=None, obj=version),
        today=services.today(),
    )
    return page, status


@bp.post("/admin/positions/versions/<int:version_id>/window")
@staff_only
def change_window(version_id):
    """Move the closing day of a published version (its reminder moves too)."""
    version = db.get_or_404(PositionVersion, version_id)
    form = WindowForm()
    if not form.validate():
        flash(" ".join(str(e) for e in form.closes_on.errors), "error")
        return _results_page(version, 400)
    try:
        services.change_window(version, form.closes_on.data, current_user)
    except services.PositionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _results_page(version, 400)
    db.session.commit()
    flash(_("The window now closes on %(day)s.", day=version.closes_on.isoformat()))
    return redirect(url_for(".results", version_id=version.id))


# --- Helpers ---------------------------------------------------------------------


def _published_position(position_id):
    """The position, 404 unless it has a published version."""
    position = db.get_or_404(Position, position_id)
    policy.ensure_reach(position.current is not None)
    return position


def _record(model, raw):
    try:
        return db.session.get(model, db_id(raw))
    except (TypeError, ValueError):
        return None


def _arg(name, allowed):
    value = request.args.get(name, "")
    return value if value in allowed else ""
