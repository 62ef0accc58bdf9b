"""A group's creation, charter and status (the `charter` part)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..db import db
from . import charter, queries, words
from .charter_forms import CharterForm, NewGroupForm, StatusForm
from .routes import bp


@bp.route("/groups/new", methods=["GET", "POST"])
@policy.requires(policy.can_create_group)
def new_group():
    """The Secretariat convenes a working group (it starts as forming)."""
    form = NewGroupForm()
    if form.validate_on_submit():
        values = charter.Charter(
            form.purpose.data, form.scope.data, form.deliverables.data
        )
        try:
            group = charter.create_group(
                form.name.data,
                form.slug.data,
                int(form.theme_id.data),
                values,
                current_user,
            )
        except charter.GroupError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _new_page(form, 400)
        db.session.commit()
        flash(_("The group was created. It is forming."), "success")
        return redirect(url_for(".group", slug=group.slug))
    return _new_page(form, 400 if form.is_submitted() else 200)


def _new_page(form, status):
    return render_template("groups/charter/new.html", form=form), status


@bp.route("/groups/<slug>/charter", methods=["GET", "POST"])
@policy.requires()
def edit_charter(slug):
    """Its runners edit the charter: purpose, scope, deliverables, in three
    languages with their translation status."""
    group = queries.group_by_slug(slug)
    policy.ensure_allowed(policy.can_edit_charter(current_user, group))
    form = CharterForm(obj=group)
    if form.validate_on_submit():
        values = charter.Charter(
            form.purpose.data, form.scope.data, form.deliverables.data
        )
        charter.edit_charter(group, values, current_user)
        db.session.commit()
        flash(_("The charter was saved."), "success")
        return redirect(url_for(".group", slug=group.slug))
    page = render_template("groups/charter/edit.html", group=group, form=form)
    return page, 400 if form.is_submitted() else 200


@bp.route("/groups/<slug>/status", methods=["GET", "POST"])
@policy.requires(policy.can_change_group_status)
def change_status(slug):
    """The Secretariat activates or closes the group (closing with a reason)."""
    group = queries.group_by_slug(slug)
    allowed = charter.allowed_statuses(group)
    form = StatusForm(allowed=allowed)
    if form.is_submitted() and not allowed:
        flash(str(charter.REOPEN_REFUSED), "error")
        return _status_page(group, form, allowed, 400)
    if form.validate_on_submit():
        try:
            charter.change_status(
                group, form.status.data, form.reason.data, current_user
            )
        except charter.GroupError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _status_page(group, form, allowed, 400)
        db.session.commit()
        flash(
            _(
                "The group's status is now: %(status)s.",
                status=words.status(group.status),
            ),
            "success",
        )
        return redirect(url_for(".group", slug=group.slug))
    return _status_page(group, form, allowed, 400 if form.is_submitted() else 200)


def _status_page(group, form, allowed, status):
    page = render_template(
        "groups/charter/status.html",
        group=group,
        form=form,
        allowed=allowed,
        words=words,
    )
    return page, status
