"""The committee's pages: the public page of the sitting Steering Committee by
region, with terms, offices, terms ending soon and the next election, the regional
composition and past members; the Secretariat's desk (offices, seats ended early,
vacancies filled by recount, the next election prepared), where the chair also
gives offices when the committee allocates them."""

from flask import flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core import schedule
from ..core.pagecache import public_page
from ..db import db, utcnow
from . import notify_committee, queries_committee, services_committee, terms
from .forms_committee import ButtonForm, EndSeatForm, OfficeForm
from .routes import bp
from .services import ElectionError

# The term-end job sends its emails: the core's job, wrapped (notify_committee).
schedule.handler(terms.TERM_END_JOB)(notify_committee.term_end)

DESK = "/admin/committee"
manages = policy.requires(policy.can_manage_elections)


def _seat(seat_id):
    found = queries_committee.seat_or_none(seat_id)
    policy.ensure_reach(found is not None)
    return found


def _failed(error):
    db.session.rollback()
    flash(str(error), "error")


@bp.get("/committee")
@public_page
def committee():
    """The sitting Steering Committee by region, with terms and offices."""
    seats = terms.current_seats()
    return render_template(
        "elections/committee.html",
        regions=queries_committee.by_region(seats),
        ending=queries_committee.ending_soon(),
        next_election=queries_committee.next_election(),
        composition=queries_committee.composition(seats),
        past=queries_committee.past_seats(),
        words=queries_committee,
        manages=policy.can_give_offices(current_user),
        reads_reports=policy.can_read_committee_reports(current_user),
        sees_space=policy.can_see_committee_space(current_user),
    )


@bp.get(DESK)
@policy.requires(policy.can_give_offices)
def committee_desk():
    """The Secretariat's desk (the chair's, for offices)."""
    return _desk_page()


def _desk_page(status=200, office_forms=None):
    seats = terms.current_seats()
    forms = office_forms or {}
    for seat in seats:
        forms.setdefault(seat.id, OfficeForm(seat.election.offices, formdata=None))
        if seat.id not in (office_forms or {}):
            forms[seat.id].office.data = seat.office or "none"
    page = render_template(
        "elections/committee_desk.html",
        seats=seats,
        office_forms=forms,
        vacancies=terms.vacancies(),
        recounts=queries_committee.recounts(),
        next_election=queries_committee.next_election(),
        last_counted=queries_committee.last_counted(),
        next_term_end=queries_committee.next_term_end(),
        button=ButtonForm(formdata=None),
        words=queries_committee,
        manages=policy.can_manage_elections(current_user),
        today=utcnow().date(),
    )
    return page, status


@bp.post(DESK + "/seats/<int:seat_id>/office")
@policy.requires(policy.can_give_offices)
def give_office(seat_id):
    """Give a sitting member an office, or take hers away."""
    seat = _seat(seat_id)
    form = OfficeForm(seat.election.offices)
    if not form.validate():
        flash(_("Choose one of the committee's offices, or none."), "error")
        return _desk_page(400, {seat.id: form})
    try:
        services_committee.give_office(seat, form.chosen(), current_user)
    except ElectionError as error:
        _failed(error)
        return _desk_page(400)
    db.session.commit()
    flash(_("The office was recorded."), "success")
    return redirect(url_for(".committee_desk"))


@bp.route(DESK + "/seats/<int:seat_id>/end", methods=["GET", "POST"])
@manages
def end_seat(seat_id):
    """End a seat early (resigned or removed), once confirmed."""
    seat = _seat(seat_id)
    form = EndSeatForm()
    if not form.is_submitted():
        return _end_page(seat, form)
    if not form.validate():
        return _end_page(seat, form, 400)
    try:
        services_committee.end_early(seat, form.reason.data, current_user)
    except ElectionError as error:
        _failed(error)
        return _end_page(_seat(seat_id), form, 400)
    db.session.commit()
    flash(_("The seat ended: it is now a vacancy."), "success")
    return redirect(url_for(".committee_desk") + "#vacancies")


def _end_page(seat, form, status=200):
    page = render_template(
        "elections/committee_end.html", seat=seat, form=form, words=queries_committee
    )
    return page, status


@bp.post(DESK + "/seats/<int:seat_id>/fill")
@manages
def fill_vacancy(seat_id):
    """Fill a vacancy by recounting the original ballots."""
    seat = _seat(seat_id)
    if not ButtonForm().validate():
        flash(_("The form had expired: nothing changed. Please try again."), "error")
        return _desk_page(400)
    try:
        new = services_committee.fill(seat, current_user)
    except ElectionError as error:
        _failed(error)
        return _desk_page(400)
    db.session.commit()
    flash(
        _(
            "The recount elected %(name)s to the vacant seat until %(day)s.",
            name=new.user.name,
            day=format_date(new.ends_on),
        ),
        "success",
    )
    return redirect(url_for(".committee_desk") + "#recounts")


@bp.post(DESK + "/next")
@manages
def prepare_next():
    """Draft the next election, for the next term end, when none is planned."""
    if not ButtonForm().validate():
        flash(_("The form had expired: nothing changed. Please try again."), "error")
        return _desk_page(400)
    try:
        election = services_committee.prepare_next(current_user)
    except ElectionError as error:
        _failed(error)
        return _desk_page(400)
    db.session.commit()
    flash(_("The next election is drafted: set its windows."), "success")
    return redirect(url_for(".election", election_id=election.id))
