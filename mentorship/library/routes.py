"""The library's pages: the searchable list, a resource with its files, proposing
and editing, uploads, publishing, the translation status matrix, the starter kit."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import policy
from ..auth.models import User
from ..core import disclosure, memberships, search, storage, translated, uploads
from ..core.errors import ServiceError
from ..core.models import Body, Membership
from ..core.pagecache import public_page
from ..core.pagination import page_arg, paginate
from ..db import db
from ..forms import search_arg
from ..organisations.models import Organisation, Theme
from . import labels, services
from .forms import ActionForm, AssignForm, ResourceForm, UploadForm
from .models import Resource, ResourceFile, resource_themes

bp = Blueprint("library", __name__)

PER_PAGE = 20
MATRIX_PER_PAGE = 30
UPLOAD_ENDPOINTS = {"library.new", "library.upload", "library.edit"}


@bp.before_request
def _room_for_uploads():
    """Uploads may be larger than other requests (the file's own limit is checked
    by core.uploads with a translated message)."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = (
            current_app.config["LIBRARY_MAX_BYTES"] + 256 * 1024
        )


def _resource(resource_id):
    resource = db.session.get(Resource, resource_id)
    policy.ensure_reach(
        resource is not None and policy.can_see_resource(current_user, resource)
    )
    return resource


def _int_arg(name):
    value = request.args.get(name, type=int)
    return value if value is not None and 1 <= value <= 2**31 - 1 else None


def _choice_arg(name, allowed):
    value = request.args.get(name, "")
    return value if value in allowed else ""


# --- The list -------------------------------------------------------------------


@bp.get("/library")
@public_page
def index():
    """Published resources she may read: search and filters, paginated."""
    q = search_arg()
    theme = _int_arg("theme")
    kind = _choice_arg("kind", labels.KINDS)
    lang = _choice_arg("lang", translated.languages())
    organisation = _int_arg("organisation")
    query = sa.select(Resource).where(policy.library_visible_condition(current_user))
    matching = search.matching(services.SEARCH_KIND, q)
    if matching is not None:
        query = query.where(Resource.id.in_(matching))
    if theme:
        query = query.where(
            Resource.id.in_(
                sa.select(resource_themes.c.resource_id).where(
                    resource_themes.c.theme_id == theme
                )
            )
        )
    if kind:
        query = query.where(Resource.kind == kind)
    if lang:
        query = query.where(
            Resource.id.in_(
                sa.select(ResourceFile.resource_id).where(
                    ResourceFile.lang == lang,
                    ResourceFile.status.in_(("source", "reviewed")),
                )
            )
        )
    if organisation:
        query = query.where(Resource.owner_organisation_id == organisation)
    query = query.order_by(Resource.published_at.desc(), Resource.id.desc()).options(
        selectinload(Resource.files), selectinload(Resource.owner_organisation)
    )
    page = paginate(query, page_arg(), PER_PAGE)
    return render_template(
        "library/index.html",
        labels=labels,
        page=page,
        q=q,
        theme=theme,
        kind=kind,
        lang=lang,
        organisation=organisation,
        themes=_themes(),
        organisations=_owner_organisations(),
        pending=_pending(),
        reader_lang=labels.reader_lang(),
    )


def _themes():
    lang = labels.reader_lang()
    themes = db.session.scalars(sa.select(Theme).order_by(Theme.slug)).all()
    return [(t.id, translated.resolve(t.name, lang).body) for t in themes]


def _owner_organisations():
    owners = sa.select(Resource.owner_organisation_id).where(
        Resource.status == "published"
    )
    return db.session.execute(
        sa.select(Organisation.id, Organisation.name)
        .where(Organisation.id.in_(owners))
        .order_by(Organisation.name)
    ).all()


def _pending():
    """Drafts and proposals in review she may act on (publishers) or proposed."""
    if not current_user.is_authenticated:
        return []
    query = sa.select(Resource).where(Resource.status.in_(("draft", "in_review")))
    if not policy.can_delete_resource(current_user):
        query = query.where(Resource.proposed_by_id == current_user.id)
    return db.session.scalars(query.order_by(Resource.id.desc()).limit(50)).all()


@bp.get("/library/starter-kit")
@public_page
def starter_kit():
    """The templates a new organisation needs, linked from its onboarding list."""
    resources = db.session.scalars(
        sa.select(Resource)
        .where(
            Resource.starter_kit.is_(True),
            policy.library_visible_condition(current_user),
        )
        .order_by(Resource.id)
    ).all()
    return render_template(
        "library/starter_kit.html", labels=labels, resources=resources
    )


# --- A resource ------------------------------------------------------------------


@bp.get("/library/<int:resource_id>")
@public_page
def detail(resource_id):
    return _detail(_resource(resource_id))


def _detail(resource, upload_form=None, assign_form=None, status=200):
    lang = labels.reader_lang()
    mine, fallback = services.file_for(resource, lang)
    by_lang = services.translators_by_lang(resource.id)
    upload_langs = _upload_langs(resource, by_lang)
    translators = _translators() if policy.can_assign_translators(current_user) else []
    can_edit = policy.can_edit_resource(current_user, resource)
    page = render_template(
        "library/detail.html",
        labels=labels,
        resource=resource,
        reader_lang=lang,
        mine=mine,
        fallback=fallback,
        readable=services.readable_files(resource),
        latest=resource.latest(),
        history=resource.files if can_edit else [],
        can_edit=can_edit,
        can_publish=policy.can_publish_resource(current_user, resource),
        can_delete=policy.can_delete_resource(current_user, resource),
        can_review=policy.can_review_translations(current_user),
        upload_form=upload_form
        or (UploadForm(langs=upload_langs, formdata=None) if upload_langs else None),
        assign_form=assign_form
        or (
            AssignForm(
                translators=translators, langs=_other_langs(resource), formdata=None
            )
            if translators
            else None
        ),
        assigned=_assigned(resource)
        if policy.can_see_translators(
            current_user, resource, set().union(*by_lang.values())
        )
        else [],
        action_form=ActionForm(formdata=None),
        downloads=disclosure.suppress(resource.downloads, resource.downloads)
        if can_edit
        else None,
        max_mb=current_app.config["LIBRARY_MAX_BYTES"] // (1024 * 1024),
    )
    return page, status


def _other_langs(resource):
    return [code for code in translated.languages() if code != resource.source_lang]


def _translators():
    """The current volunteer translators (a term in the translators' body)."""
    ids = (
        sa.select(Membership.user_id)
        .join(Body, Body.id == Membership.body_id)
        .where(Body.kind == "translators", memberships.current())
    )
    return db.session.scalars(
        sa.select(User)
        .where(User.id.in_(ids), User.erased_at.is_(None))
        .order_by(User.name)
    ).all()


def _upload_langs(resource, by_lang):
    """The languages she may upload a file in (`by_lang`: translators_by_lang)."""
    return [
        code
        for code in translated.languages()
        if policy.can_upload_file(current_user, resource, code, by_lang.get(code, ()))
    ]


def _assigned(resource):
    from .models import TranslatorAssignment

    return db.session.execute(
        sa.select(TranslatorAssignment.lang, User.name)
        .join(User, User.id == TranslatorAssignment.user_id)
        .where(TranslatorAssignment.resource_id == resource.id)
        .order_by(TranslatorAssignment.lang, User.name)
    ).all()


@bp.get("/library/<int:resource_id>/download")
def download(resource_id):
    """Her language's file, or the source (the page says so); counted."""
    resource = _resource(resource_id)
    lang = request.args.get("lang", "")
    readable = services.readable_files(resource)
    if lang in readable:
        file = readable[lang]
    else:
        file, _fallback = services.file_for(resource, labels.reader_lang())
    if file is None:
        abort(404)
    services.count_download(resource)
    db.session.commit()
    return _send(file)


@bp.get("/library/files/<int:file_id>")
@policy.requires()
def file(file_id):
    """One version of a file, for those who edit or review the resource."""
    row = db.session.get(ResourceFile, file_id)
    policy.ensure_reach(
        row is not None
        and policy.can_read_file_version(
            current_user, row.resource, services.translator_ids(row.resource_id)
        )
    )
    return _send(row)


def _send(row):
    try:
        data = storage.storage().get(row.storage_key)
    except (OSError, ValueError):
        abort(404)
    except Exception:  # the object store is unreachable or lost the object
        current_app.logger.exception("stored file %s unreadable", row.storage_key)
        abort(404)
    response = current_app.response_class(data, mimetype=row.mime)
    response.headers["Content-Disposition"] = uploads.content_disposition(row.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- Proposing and editing -----------------------------------------------------


def _upload(required):
    """The checked upload of the request's `file`, None when none was sent (and
    not required); raises uploads.UploadRejected."""
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        if required:
            raise uploads.UploadRejected("empty")
        return None
    limit = current_app.config["LIBRARY_MAX_BYTES"]
    raw = sent.stream.read(limit + 1)
    return uploads.check(raw, sent.filename, max_bytes=limit)


@bp.route("/library/new", methods=["GET", "POST"])
@policy.requires(policy.can_propose_resource)
def new():
    form = ResourceForm()
    file_error = None
    if form.is_submitted():
        checked = None
        try:
            checked = _upload(required=False)
        except uploads.UploadRejected as error:
            file_error = error.message()
        if form.validate() and file_error is None:
            resource = services.save(None, form, current_user)
            if checked is not None:
                try:
                    services.add_file(
                        resource, resource.source_lang, checked, current_user
                    )
                except ServiceError as error:
                    db.session.rollback()
                    flash(str(error), "error")
                    return _form_page(form, None, str(error), 400)
            db.session.commit()
            flash(_("The resource is saved as a draft."), "success")
            return redirect(url_for("library.detail", resource_id=resource.id))
        return _form_page(form, None, file_error, 400)
    return _form_page(form, None, None)


def _form_page(form, resource, file_error, status=200):
    return (
        render_template(
            "library/form.html",
            form=form,
            resource=resource,
            file_error=file_error,
            max_mb=current_app.config["LIBRARY_MAX_BYTES"] // (1024 * 1024),
        ),
        status,
    )


@bp.route("/library/<int:resource_id>/edit", methods=["GET", "POST"])
@policy.requires()
def edit(resource_id):
    resource = _resource(resource_id)
    policy.ensure_allowed(policy.can_edit_resource(current_user, resource))
    form = ResourceForm(obj=resource)
    if not form.is_submitted():
        form.themes.data = [t.id for t in resource.themes]
        form.groups.data = [b.id for b in resource.groups]
    if form.is_submitted():
        if form.validate():
            services.save(resource, form, current_user)
            db.session.commit()
            flash(_("The resource is saved."), "success")
            return redirect(url_for("library.detail", resource_id=resource.id))
        return _form_page(form, resource, None, 400)
    return _form_page(form, resource, None)


@bp.post("/library/<int:resource_id>/files")
@policy.requires()
def upload(resource_id):
    """A new version of the file in one language (the source or a translation)."""
    resource = _resource(resource_id)
    langs = _upload_langs(resource, services.translators_by_lang(resource.id))
    policy.ensure_allowed(bool(langs))
    form = UploadForm(langs=langs)
    if not form.validate():
        return _detail(resource, upload_form=form, status=400)
    try:
        checked = _upload(required=True)
        services.add_file(resource, form.lang.data, checked, current_user)
    except uploads.UploadRejected as error:
        form.lang.errors = []
        flash(error.message(), "error")
        return _detail(resource, upload_form=form, status=400)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("library.detail", resource_id=resource_id))
    db.session.commit()
    flash(_("The file is uploaded."), "success")
    return redirect(url_for("library.detail", resource_id=resource_id))


# --- Publishing and deleting ----------------------------------------------------

MOVE_MESSAGES = {
    "submit": _l("The resource is sent for publication."),
    "publish": _l("The resource is published."),
    "return": _l("The resource is back to draft."),
    "archive": _l("The resource is archived."),
}


@bp.post("/library/<int:resource_id>/<any(submit, publish, return, archive):action>")
@policy.requires()
def move(resource_id, action):
    resource = _resource(resource_id)
    allowed = (
        policy.can_edit_resource(current_user, resource)
        if action == "submit"
        else policy.can_publish_resource(current_user, resource)
    )
    policy.ensure_allowed(allowed)
    if not ActionForm().validate():
        abort(400)
    try:
        services.move(resource, action, current_user)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("library.detail", resource_id=resource_id))
    db.session.commit()
    flash(str(MOVE_MESSAGES[action]), "success")
    return redirect(url_for("library.detail", resource_id=resource_id))


@bp.route("/library/<int:resource_id>/delete", methods=["GET", "POST"])
@policy.requires()
def delete(resource_id):
    resource = _resource(resource_id)
    policy.ensure_allowed(policy.can_delete_resource(current_user, resource))
    form = ActionForm()
    if request.method == "POST":
        if not form.validate():
            abort(400)
        services.delete_resource(resource, current_user)
        db.session.commit()
        flash(_("The resource and its files are deleted."), "success")
        return redirect(url_for("library.index"))
    return render_template(
        "library/delete.html", resource=resource, form=form, labels=labels
    )


# --- Translations ---------------------------------------------------------------


@bp.get("/library/translations")
@policy.requires(policy.can_view_translation_status)
def translations():
    """Resources x languages: source, missing, draft, reviewed, outdated."""
    wanted = _choice_arg("status", ("missing", "draft", "reviewed", "outdated"))
    query = sa.select(Resource).where(Resource.status != "archived")
    if wanted:
        query = query.where(Resource.id.in_(_having_status(wanted)))
    query = query.order_by(Resource.id).options(selectinload(Resource.files))
    page = paginate(query, page_arg(), MATRIX_PER_PAGE)
    return render_template(
        "library/translations.html",
        labels=labels,
        page=page,
        langs=translated.languages(),
        wanted=wanted,
        action_form=ActionForm(formdata=None),
        can_review=policy.can_review_translations(current_user),
    )


def _having_status(status):
    """Ids of resources with a language in `status` (latest file per language)."""
    latest = (
        sa.select(
            ResourceFile.resource_id,
            ResourceFile.lang,
            sa.func.max(ResourceFile.version).label("version"),
        )
        .group_by(ResourceFile.resource_id, ResourceFile.lang)
        .subquery()
    )
    if status == "missing":
        langs = translated.languages()
        counted = (
            sa.select(latest.c.resource_id)
            .group_by(latest.c.resource_id)
            .having(sa.func.count() >= len(langs))
        )
        return sa.select(Resource.id).where(Resource.id.not_in(counted))
    return (
        sa.select(ResourceFile.resource_id)
        .join(
            latest,
            sa.and_(
                latest.c.resource_id == ResourceFile.resource_id,
                latest.c.lang == ResourceFile.lang,
                latest.c.version == ResourceFile.version,
            ),
        )
        .where(ResourceFile.status == status)
    )


@bp.post("/library/files/<int:file_id>/review")
@policy.requires(policy.can_review_translations)
def review(file_id):
    row = db.session.get(ResourceFile, file_id)
    policy.ensure_reach(
        row is not None and policy.can_see_resource(current_user, row.resource)
    )
    if not ActionForm().validate():
        abort(400)
    try:
        services.review(row, current_user)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("library.detail", resource_id=row.resource_id))
    db.session.commit()
    flash(_("The translation is reviewed and published to its readers."), "success")
    return redirect(url_for("library.detail", resource_id=row.resource_id))


@bp.post("/library/<int:resource_id>/translators")
@policy.requires(policy.can_assign_translators)
def assign(resource_id):
    resource = _resource(resource_id)
    form = AssignForm(translators=_translators(), langs=_other_langs(resource))
    if not form.validate():
        return _detail(resource, assign_form=form, status=400)
    try:
        services.assign(
            resource, form.lang.data, form.people[form.user_id.data], current_user
        )
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("library.detail", resource_id=resource_id))
    db.session.commit()
    flash(_("The translator is assigned and told."), "success")
    return redirect(url_for("library.detail", resource_id=resource_id))
