"""The elections' list, an election's page, nominating, the candidate's nomination
and her public page (part nominations); the Secretariat's desk is in
`desk_nominations`. Views parse a form, call a service, flash and redirect; a
refusal (ElectionError) rolls back, flashes its message and answers 400."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core import panels, signals, translated, uploads
from ..core.errors import ServiceError
from ..core.pagecache import public_page
from ..db import db, utcnow
from . import (
    candidacy,
    desk_nominations,
    nominations,
    notify_nominations,
    pages_record,
)
from . import queries_nominations as queries
from .forms_nominations import (
    WORDS,
    ConfirmForm,
    NominateForm,
    StatementForm,
    TranslationsForm,
    WithdrawForm,
)
from .models import ElectionStatus, NominationStatus
from .routes import bp

__all__ = ["desk_nominations"]  # its views are added to bp when imported


@bp.record_once
def _register(state):
    """Her proposed nominations wait on her (home notice, awaiting page); her
    nominations follow her account's erasure."""
    for slot, name, template, order in (
        ("home.notices", "nominations", "elections/nominations/_home.html", 38),
        ("awaiting", "nominations", "elections/nominations/_awaiting.html", 15),
    ):
        panels.register(state.app, slot, name, template, _waiting_on, order=order)
    signals.person_erased.connect(candidacy.erase_for)


def _waiting_on(user, _today):
    return candidacy.proposed_to(user) or None


def election_or_404(election_id):
    found = queries.election_or_none(election_id)
    policy.ensure_reach(
        found is not None and policy.can_see_election(current_user, found)
    )
    return found


def nomination_or_404(nomination_id):
    found = queries.nomination_or_none(nomination_id)
    policy.ensure_reach(
        found is not None and policy.can_read_nomination(current_user, found)
    )
    return found


def failed(error):
    db.session.rollback()
    flash(str(error), "error")


# --- Public pages ---------------------------------------------------------------------


@bp.get("/elections")
@public_page
def index():
    """Every election, newest first (drafts for the Secretariat only)."""
    manages = policy.can_manage_elections(current_user)
    return render_template(
        "elections/nominations/index.html",
        elections=queries.elections(with_drafts=manages),
        words=WORDS,
        manages=manages,
    )


@bp.get("/elections/<int:election_id>")
@public_page
def election(election_id):
    """The election: its seat model in words, its windows, its candidates."""
    found = election_or_404(election_id)
    return render_template(
        "elections/nominations/election.html",
        election=found,
        words=WORDS,
        candidates=queries.by_region(nominations.standing(found)),
        manages=policy.can_manage_elections(current_user),
        nominates=policy.may_nominate(current_user),
        now=utcnow(),
        vote_and_record=pages_record.vote_and_record(found)
        if found.status in (ElectionStatus.VOTING, ElectionStatus.COUNTED)
        else {},
    )


@bp.get("/elections/<int:election_id>/candidates/<int:nomination_id>")
@public_page
def candidate(election_id, nomination_id):
    """A standing candidate's public page: her statement in the reader's language,
    her photo and CV."""
    found = nomination_or_404(nomination_id)
    policy.ensure_reach(found.election_id == election_id)
    return render_template(
        "elections/nominations/candidate.html", nomination=found, words=WORDS
    )


@bp.get("/nominations/<int:nomination_id>/photo")
def photo(nomination_id):
    """Her photo, for those who may read the nomination."""
    found = nomination_or_404(nomination_id)
    return _send(found.photo_key, found.photo_type, f"photo-{found.id}", inline=True)


@bp.get("/nominations/<int:nomination_id>/cv")
def cv(nomination_id):
    """Her CV, for those who may read the nomination."""
    found = nomination_or_404(nomination_id)
    return _send(found.cv_key, found.cv_type, found.cv_name or "cv.pdf")


def _send(key, mime, filename, inline=False):
    data = candidacy.read_file(key)
    policy.ensure_reach(data is not None)
    response = current_app.response_class(data, mimetype=mime)
    response.headers["Content-Disposition"] = uploads.content_disposition(
        filename, inline=inline
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- Nominating -----------------------------------------------------------------------


@bp.route("/elections/<int:election_id>/nominate", methods=["GET", "POST"])
@policy.requires(policy.may_nominate)
def nominate(election_id):
    """She nominates a person of a member organisation for an organisation she
    leads or votes for; her organisations' nominations, with a withdraw button."""
    found = election_or_404(election_id)
    organisations = queries.member_organisations(
        policy.election_nominator_ids(current_user)
    )
    policy.ensure_allowed(bool(organisations))
    form = NominateForm()
    form.organisation.choices = [(org.id, org.name) for org in organisations]
    if not form.is_submitted():
        return _nominate_page(found, form, organisations)
    if not form.validate():
        return _nominate_page(found, form, organisations, 400)
    organisation = next(o for o in organisations if o.id == form.organisation.data)
    policy.ensure_allowed(policy.can_nominate_for(current_user, organisation))
    person = queries.member_person(form.email.data)
    if person is None:
        form.email.errors.append(
            _("No person of a member organisation has an account with this address.")
        )
        return _nominate_page(found, form, organisations, 400)
    try:
        made = nominations.nominate(found, organisation, person, current_user)
        notify_nominations.nominated(made)
    except ServiceError as error:
        failed(error)
        return _nominate_page(election_or_404(election_id), form, organisations, 400)
    db.session.commit()
    flash(_("%(name)s is nominated: she is asked to answer.", name=person.name))
    return redirect(url_for(".nominate", election_id=election_id))


def _nominate_page(election, form, organisations, status=200):
    page = render_template(
        "elections/nominations/nominate.html",
        election=election,
        form=form,
        words=WORDS,
        made=queries.of_organisations(election, [o.id for o in organisations]),
        withdraw_form=WithdrawForm(formdata=None),
    )
    return page, status


@bp.post("/nominations/<int:nomination_id>/withdraw")
@policy.requires()
def withdraw(nomination_id):
    """She, her nominating organisation or the Secretariat withdraws it."""
    found = nomination_or_404(nomination_id)
    policy.ensure_allowed(policy.can_withdraw_nomination(current_user, found))
    form = WithdrawForm()
    if not form.validate():
        return nomination_page(found, 400, withdraw_form=form)
    try:
        nominations.withdraw(found, current_user, form.reason.data)
    except ServiceError as error:
        failed(error)
        return nomination_page(nomination_or_404(nomination_id), 400)
    db.session.commit()
    flash(_("The nomination was withdrawn."))
    if policy.is_candidate(current_user, found):
        return redirect(url_for(".nomination", nomination_id=nomination_id))
    return redirect(url_for(".nominate", election_id=found.election_id))


# --- The candidate --------------------------------------------------------------------


@bp.get("/nominations/<int:nomination_id>")
@policy.requires()
def nomination(nomination_id):
    """The nomination's page: her answer, her statement, photo and CV."""
    return nomination_page(nomination_or_404(nomination_id))


def nomination_page(found, status=200, **forms):
    """The nomination's page with its forms (those given keep their errors)."""
    statement_form = forms.get("statement_form") or StatementForm(formdata=None)
    statement_form.language.choices = [
        (lang, language) for lang, language in _languages()
    ]
    if statement_form.language.data not in translated.languages():
        text = found.statement
        statement_form.language.data = (
            text.source_lang if text is not None else str(current_user.locale or "en")
        )
        if text is not None and not statement_form.body.data:
            statement_form.body.data = text.body(text.source_lang)
    page = render_template(
        "elections/nominations/nomination.html",
        nomination=found,
        words=WORDS,
        candidate=policy.is_candidate(current_user, found),
        withdraws=policy.can_withdraw_nomination(current_user, found),
        manages=policy.can_manage_elections(current_user),
        open=found.election.status == ElectionStatus.NOMINATING,
        live=found.status in nominations.LIVE,
        confirm_form=ConfirmForm(formdata=None),
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(formdata=None),
        statement_form=statement_form,
        translations_form=forms.get("translations_form")
        or TranslationsForm(formdata=None, obj=found),
    )
    return page, status


def _languages():
    from ..i18n import language_name

    return [(lang, language_name(lang).capitalize()) for lang in translated.languages()]


def _candidate_nomination(nomination_id):
    found = nomination_or_404(nomination_id)
    policy.ensure_allowed(policy.is_candidate(current_user, found))
    return found


@bp.post("/nominations/<int:nomination_id>/accept")
@policy.requires()
def accept(nomination_id):
    """She accepts: she stands; her other nominations here are declined."""
    found = _candidate_nomination(nomination_id)
    if not ConfirmForm().validate():
        return nomination_page(found, 400)
    others = [
        n
        for n in queries.of_election(found.election)
        if n.candidate_id == found.candidate_id
        and n.id != found.id
        and n.status == NominationStatus.PROPOSED
    ]
    try:
        nominations.accept(found, current_user)
    except ServiceError as error:
        failed(error)
        return nomination_page(nomination_or_404(nomination_id), 400)
    notify_nominations.answered(found, "accepted")
    for other in others:
        notify_nominations.answered(other, "declined")
    db.session.commit()
    flash(_("You accepted the nomination: write your statement and add your photo."))
    return redirect(url_for(".nomination", nomination_id=nomination_id))


@bp.post("/nominations/<int:nomination_id>/decline")
@policy.requires()
def decline(nomination_id):
    """She declines this nomination."""
    found = _candidate_nomination(nomination_id)
    if not ConfirmForm().validate():
        return nomination_page(found, 400)
    try:
        nominations.decline(found, current_user)
    except ServiceError as error:
        failed(error)
        return nomination_page(nomination_or_404(nomination_id), 400)
    notify_nominations.answered(found, "declined")
    db.session.commit()
    flash(_("You declined the nomination."))
    return redirect(url_for(".nomination", nomination_id=nomination_id))


@bp.post("/nominations/<int:nomination_id>/statement")
@policy.requires()
def statement(nomination_id):
    """Her statement, in her language."""
    found = _candidate_nomination(nomination_id)
    form = StatementForm()
    form.language.choices = _languages()
    if not form.validate():
        return nomination_page(found, 400, statement_form=form)
    try:
        candidacy.set_statement(found, form.language.data, form.body.data, current_user)
    except ServiceError as error:
        failed(error)
        return nomination_page(nomination_or_404(nomination_id), 400)
    db.session.commit()
    flash(_("Your statement was saved."))
    return redirect(url_for(".nomination", nomination_id=nomination_id))


@bp.post("/nominations/<int:nomination_id>/files")
@policy.requires()
def files(nomination_id):
    """Her photo (PNG or JPEG) and her CV (PDF), checked before they are kept."""
    found = _candidate_nomination(nomination_id)
    sent = {
        name: request.files.get(name)
        for name in ("photo", "cv")
        if request.files.get(name) and request.files[name].filename
    }
    if not ConfirmForm().validate() or not sent:
        flash(_("Choose a file to upload."), "error")
        return nomination_page(found, 400)
    try:
        if "photo" in sent:
            raw = sent["photo"].read(uploads.MAX_BYTES + 1)
            candidacy.set_photo(found, raw, sent["photo"].filename, current_user)
        if "cv" in sent:
            raw = sent["cv"].read(uploads.MAX_BYTES + 1)
            candidacy.set_cv(found, raw, sent["cv"].filename, current_user)
    except ServiceError as error:
        failed(error)
        return nomination_page(nomination_or_404(nomination_id), 400)
    db.session.commit()
    flash(_("Your files were saved."))
    return redirect(url_for(".nomination", nomination_id=nomination_id))


@bp.post("/nominations/<int:nomination_id>/translations")
@policy.requires(policy.can_manage_elections)
def translations(nomination_id):
    """The Secretariat fills the statement's other languages."""
    found = nomination_or_404(nomination_id)
    form = TranslationsForm(obj=found)
    if not form.validate():
        return nomination_page(found, 400, translations_form=form)
    try:
        candidacy.set_translations(found, form.statement.data, current_user)
    except ServiceError as error:
        failed(error)
        return nomination_page(nomination_or_404(nomination_id), 400)
    db.session.commit()
    flash(_("The translations were saved."))
    return redirect(url_for(".nomination", nomination_id=nomination_id))
