"""The recommendations' pages: a group's list, a recommendation with its sections,
comments and history, drafting, rounds, comments, the Steering Committee's
endorsement, publication, and two versions compared."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core import translated
from ..core.errors import ServiceError
from ..core.pagecache import public_page
from ..db import db
from ..groups.queries import group_by_slug
from ..organisations.models import Organisation
from . import compare as comparing
from . import services, words
from .forms import (
    CommentForm,
    DraftForm,
    EmptyForm,
    PublishForm,
    ReasonForm,
    RoundForm,
    TranslateForm,
)
from .models import Recommendation, RecommendationComment
from .panels import visible_of

bp = Blueprint("recommendations", __name__)


def _recommendation(recommendation_id):
    found = db.session.get(Recommendation, recommendation_id)
    policy.ensure_reach(
        found is not None and policy.can_see_recommendation(current_user, found)
    )
    return found


def _reader_lang():
    lang = str(get_locale())
    return lang if lang in translated.languages() else translated.languages()[0]


@bp.get("/groups/<slug>/recommendations")
@public_page
def index(slug):
    """A group's recommendations: published for everyone, the rest for its inside."""
    group = group_by_slug(slug)
    return render_template(
        "recommendations/index.html",
        group=group,
        recommendations=visible_of(group, current_user),
        words=words,
        can_draft=policy.can_draft_recommendation(current_user, group),
    )


@bp.route("/groups/<slug>/recommendations/new", methods=["GET", "POST"])
@policy.requires()
def new(slug):
    group = group_by_slug(slug)
    policy.ensure_allowed(policy.can_draft_recommendation(current_user, group))
    form = DraftForm()
    if request.method == "GET":
        form.version.data = "0"
    if form.validate_on_submit():
        try:
            found = services.create(
                group,
                form.kind.data,
                form.title.data,
                form.summary.data,
                form.body.data,
                form.note.data,
                current_user,
            )
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _form_page(form, group, None, 400)
        db.session.commit()
        flash(_("The draft is saved."), "success")
        return redirect(url_for(".detail", recommendation_id=found.id))
    return _form_page(form, group, None, 400 if form.is_submitted() else 200)


def _form_page(form, group, recommendation, status):
    page = render_template(
        "recommendations/form.html",
        form=form,
        group=group,
        recommendation=recommendation,
    )
    return page, status


@bp.get("/recommendations/<int:recommendation_id>")
@public_page
def detail(recommendation_id):
    return _detail(_recommendation(recommendation_id))


def _detail(found, status=200, **forms):
    lang = _reader_lang()
    number = request.args.get("version", type=int)
    version = found.version(number) if number else found.latest
    if version is None:
        abort(404)
    shown = services.shown_text(version, lang)
    sections = comparing.sections_of(shown.body)
    current_round = services.open_round_of(found)
    can_comment = (
        current_round is not None
        and current_round.is_open()
        and current_round.version_id == version.id
        and policy.can_comment(current_user, found)
    )
    see_comments = policy.can_see_comments(current_user, found)
    runs = policy.can_run_recommendation(current_user, found)
    page = render_template(
        "recommendations/detail.html",
        recommendation=found,
        group=found.group,
        version=version,
        shown=shown,
        sections=sections,
        lang=lang,
        words=words,
        current_round=current_round,
        rounds=services.rounds_of(found) if see_comments else [],
        comments=services.comments_by_version(found).get(version.id, {})
        if see_comments
        else {},
        history=services.history(found),
        missing=services.missing_languages(version),
        runs=runs,
        can_edit=policy.can_edit_recommendation(current_user, found),
        can_endorse=policy.can_endorse(current_user, found),
        comment_form=forms.get("comment_form")
        or (
            _comment_form(found, current_round, formdata=None) if can_comment else None
        ),
        round_form=forms.get("round_form") or RoundForm(formdata=None),
        reason_form=forms.get("reason_form") or ReasonForm(formdata=None),
        publish_form=forms.get("publish_form") or PublishForm(formdata=None),
        action_form=EmptyForm(formdata=None),
    )
    return page, status


def _comment_form(found, current_round, **kwargs):
    organisations = ()
    if current_round is not None and current_round.kind == "organisations":
        ids = policy.voice_of_organisations(current_user)
        organisations = db.session.execute(
            sa.select(Organisation.id, Organisation.name)
            .where(Organisation.id.in_(ids), Organisation.status == "member")
            .order_by(Organisation.name)
        ).all()
    return CommentForm(organisations=organisations, **kwargs)


@bp.route("/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@policy.requires()
def edit(recommendation_id):
    """The draft's runners and champions edit its text (a new version once a round
    has seen it); a published one is refused."""
    found = _recommendation(recommendation_id)
    policy.ensure_allowed(policy.can_edit_recommendation(current_user, found))
    latest = found.latest
    form = DraftForm(obj=_Draft(found))
    if request.method == "GET":
        form.version.data = str(latest.number)
        if found.status not in services.EDITABLE:
            flash(str(_refusal(found)), "error")
            return redirect(url_for(".detail", recommendation_id=found.id))
    if form.validate_on_submit():
        try:
            version = services.save(
                found,
                form.title.data,
                form.summary.data,
                form.body.data,
                form.note.data,
                current_user,
                int(form.version.data),
                form.new_version.data,
            )
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _form_page(form, found.group, found, 400)
        db.session.commit()
        flash(_("Version %(number)d is saved.", number=version.number), "success")
        return redirect(url_for(".detail", recommendation_id=found.id))
    return _form_page(form, found.group, found, 400 if form.is_submitted() else 200)


class _Draft:
    """What the draft form reads: the recommendation's texts and its latest body."""

    def __init__(self, found):
        self.kind = found.kind
        self.title = found.title
        self.summary = found.summary
        self.body = found.latest.body
        self.note = ""


def _refusal(found):
    try:
        services._refuse_frozen(found)
    except ServiceError as error:
        return error
    return ""


@bp.route("/recommendations/<int:recommendation_id>/translate", methods=["GET", "POST"])
@policy.requires()
def translate(recommendation_id):
    """Its translations, once its source is fixed (with the committee, endorsed,
    published): the source cannot change."""
    found = _recommendation(recommendation_id)
    policy.ensure_allowed(policy.can_edit_recommendation(current_user, found))
    form = TranslateForm(obj=_Draft(found))
    if form.validate_on_submit():
        try:
            services.translate(found, form.body.data, current_user)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _translate_page(form, found, 400)
        db.session.commit()
        flash(_("The translations are saved."), "success")
        return redirect(url_for(".detail", recommendation_id=found.id))
    return _translate_page(form, found, 400 if form.is_submitted() else 200)


def _translate_page(form, found, status):
    page = render_template(
        "recommendations/translate.html",
        form=form,
        recommendation=found,
        version=found.latest,
    )
    return page, status


@bp.get("/recommendations/<int:recommendation_id>/compare")
@public_page
def compare(recommendation_id):
    """Two versions, section by section: side by side, or as a diff."""
    found = _recommendation(recommendation_id)
    numbers = [v.number for v in found.versions]
    if not numbers:
        abort(404)
    old = found.version(
        request.args.get("a", type=int) or max(numbers[0], numbers[-1] - 1)
    )
    new = found.version(request.args.get("b", type=int) or numbers[-1])
    if old is None or new is None:
        abort(404)
    view = "diff" if request.args.get("view") == "diff" else "side"
    lang = _reader_lang()
    old_shown = services.shown_text(old, lang)
    new_shown = services.shown_text(new, lang)
    return render_template(
        "recommendations/compare.html",
        recommendation=found,
        old=old,
        new=new,
        old_shown=old_shown,
        new_shown=new_shown,
        pairs=comparing.pairs(
            comparing.sections_of(old_shown.body), comparing.sections_of(new_shown.body)
        ),
        numbers=numbers,
        view=view,
        words=words,
    )


def _act(found, call, message, *args):
    """Run a service call for a posted button: flash and redirect either way."""
    try:
        call(found, *args, current_user)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _detail(found, 400)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".detail", recommendation_id=found.id))


def _posted(recommendation_id, allowed):
    found = _recommendation(recommendation_id)
    policy.ensure_allowed(allowed(current_user, found))
    return found


@bp.post("/recommendations/<int:recommendation_id>/rounds")
@policy.requires()
def open_round(recommendation_id):
    found = _posted(recommendation_id, policy.can_run_recommendation)
    form = RoundForm()
    if not form.validate():
        return _detail(found, 400, round_form=form)
    return _act(
        found,
        services.open_round,
        _("The round is open for comments."),
        form.kind.data,
        form.ends_on.data,
    )


@bp.post("/recommendations/<int:recommendation_id>/rounds/close")
@policy.requires()
def close_round(recommendation_id):
    found = _posted(recommendation_id, policy.can_run_recommendation)
    if not EmptyForm().validate():
        abort(400)
    return _act(found, services.close_round, _("The round is closed."))


@bp.post("/recommendations/<int:recommendation_id>/comments")
@policy.requires()
def add_comment(recommendation_id):
    found = _recommendation(recommendation_id)
    policy.ensure_allowed(policy.can_comment(current_user, found))
    form = _comment_form(found, services.open_round_of(found))
    if not form.validate():
        flash(_("Your comment was not saved: see the form."), "error")
        return _detail(found, 400, comment_form=form)
    try:
        services.comment(
            found, form.section.data, form.body.data, current_user, form.organisation_id
        )
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _detail(found, 400, comment_form=form)
    db.session.commit()
    flash(_("Your comment is added."), "success")
    return redirect(url_for(".detail", recommendation_id=found.id))


@bp.post("/recommendations/comments/<int:comment_id>/addressed")
@policy.requires()
def addressed(comment_id):
    row = db.session.get(RecommendationComment, comment_id)
    policy.ensure_reach(row is not None)
    found = _posted(row.version.recommendation_id, policy.can_run_recommendation)
    if not EmptyForm().validate():
        abort(400)
    try:
        services.mark_addressed(row, current_user)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _detail(found, 400)
    db.session.commit()
    flash(_("The comment is marked addressed."), "success")
    return redirect(url_for(".detail", recommendation_id=found.id))


@bp.post("/recommendations/<int:recommendation_id>/send")
@policy.requires()
def send(recommendation_id):
    found = _posted(recommendation_id, policy.can_run_recommendation)
    if not EmptyForm().validate():
        abort(400)
    return _act(
        found,
        services.send_for_endorsement,
        _("It is sent to the Steering Committee for endorsement."),
    )


@bp.post("/recommendations/<int:recommendation_id>/endorse")
@policy.requires()
def endorse(recommendation_id):
    found = _posted(recommendation_id, policy.can_endorse)
    if not EmptyForm().validate():
        abort(400)
    return _act(found, services.endorse, _("The Steering Committee endorses it."))


@bp.post("/recommendations/<int:recommendation_id>/return")
@policy.requires()
def send_back(recommendation_id):
    found = _posted(recommendation_id, policy.can_endorse)
    form = ReasonForm()
    if not form.validate():
        return _detail(found, 400, reason_form=form)
    return _act(
        found,
        services.return_to_group,
        _("It is returned to the group with your reason."),
        form.reason.data,
    )


@bp.post("/recommendations/<int:recommendation_id>/publish")
@policy.requires()
def publish(recommendation_id):
    found = _posted(recommendation_id, policy.can_run_recommendation)
    form = PublishForm()
    if not form.validate():
        return _detail(found, 400, publish_form=form)
    return _act(found, services.publish, _("It is published."), form.mode.data)
