"""The discussion of a working group: its threads, a thread with its replies, a
new thread, a reply, an edit, a runner's hide and lock, her choice of emails."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagination import page_arg
from ..db import db
from ..groups import queries
from . import services
from .forms import DeliveryForm, EditForm, HideForm, LockForm, ReplyForm, ThreadForm

bp = Blueprint("discussions", __name__)


def _group(slug):
    """The group whose discussion she may read, else 404."""
    group = queries.group_by_slug(slug)
    policy.ensure_reach(policy.can_read_discussion(current_user, group))
    return group


def _thread(group, thread_id):
    thread = services.thread_in(group, thread_id)
    policy.ensure_reach(policy.can_read_thread(current_user, thread))
    return thread


def _post(group, post_id):
    post = services.post_in(group, post_id)
    policy.ensure_reach(policy.can_read_thread(current_user, post.thread))
    return post


def _refused(message):
    db.session.rollback()
    flash(str(message), "error")


@bp.get("/groups/<slug>/discussion")
@policy.requires()
def index(slug):
    """The threads she may read, newest activity first, and her choice of emails."""
    return _index(_group(slug))


def _index(group, status=200, delivery_form=None):
    threads = services.threads_page(group, current_user, page_arg())
    if delivery_form is None and policy.can_choose_delivery(current_user, group):
        delivery_form = DeliveryForm(
            formdata=None, messages=services.delivery_of(group, current_user)
        )
    page = render_template(
        "discussions/index.html",
        group=group,
        threads=threads,
        replies=services.reply_counts(threads.items),
        may_post=policy.can_post_in_group(current_user, group),
        delivery_form=delivery_form,
    )
    return page, status


@bp.route("/groups/<slug>/discussion/new", methods=["GET", "POST"])
@policy.requires()
def new_thread(slug):
    """A new thread: title, message, and who may read it."""
    group = _group(slug)
    policy.ensure_allowed(policy.can_see_group_inside(current_user, group))
    if group.is_closed:
        flash(_("This group is closed: its discussion is read-only."), "error")
        return redirect(url_for(".index", slug=group.slug))
    form = ThreadForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("discussions/new.html", group=group, form=form), status
    try:
        thread = services.start_thread(
            group, current_user, form.title.data, form.body.data, form.visibility.data
        )
    except services.DiscussionError as error:
        _refused(error)
        return render_template("discussions/new.html", group=group, form=form), 400
    db.session.commit()
    flash(_("Your thread is posted."), "success")
    return redirect(url_for(".thread", slug=group.slug, thread_id=thread.id))


@bp.get("/groups/<slug>/discussion/<int:thread_id>")
@policy.requires()
def thread(slug, thread_id):
    """A thread: its posts, page by page, and the reply form."""
    group = _group(slug)
    return _thread_page(group, _thread(group, thread_id))


def _thread_page(group, thread, status=200, reply_form=None, page=None):
    may_reply = policy.can_reply(current_user, thread)
    moderator = policy.can_moderate(current_user, group)
    page = render_template(
        "discussions/thread.html",
        group=group,
        thread=thread,
        posts=services.posts_page(thread, page or page_arg()),
        refusal=policy.post_refusal(current_user, thread),
        reply_form=(reply_form or ReplyForm(formdata=None)) if may_reply else None,
        hide_form=HideForm(formdata=None) if moderator else None,
        lock_form=LockForm(formdata=None) if moderator else None,
    )
    return page, status


@bp.post("/groups/<slug>/discussion/<int:thread_id>/replies")
@policy.requires()
def reply(slug, thread_id):
    """A reply to the thread (not when it is locked or the group closed)."""
    group = _group(slug)
    thread = _thread(group, thread_id)
    policy.ensure_allowed(policy.can_see_group_inside(current_user, group))
    form = ReplyForm()
    if not form.validate():
        return _thread_page(group, thread, 400, reply_form=form)
    try:
        post = services.reply(thread, current_user, form.body.data)
    except services.DiscussionError as error:
        _refused(error)
        return _thread_page(group, thread, 400)
    db.session.commit()
    flash(_("Your reply is posted."), "success")
    return redirect(
        url_for(
            ".thread",
            slug=group.slug,
            thread_id=thread.id,
            page=services.last_page(thread),
            _anchor=f"post-{post.id}",
        )
    )


@bp.route("/groups/<slug>/discussion/posts/<int:post_id>/edit", methods=["GET", "POST"])
@policy.requires()
def edit_post(slug, post_id):
    """Her own message's new text (marked edited, with the time)."""
    group = _group(slug)
    post = _post(group, post_id)
    policy.ensure_allowed(post.author_id == current_user.id)
    back = url_for(".thread", slug=group.slug, thread_id=post.thread_id)
    if not policy.can_edit_post(current_user, post):
        flash(_("You can no longer edit this message."), "error")
        return redirect(back)
    form = EditForm(obj=post)
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        page = render_template(
            "discussions/edit.html", group=group, post=post, form=form
        )
        return page, status
    try:
        services.edit_post(post, current_user, form.body.data)
    except services.DiscussionError as error:
        _refused(error)
        page = render_template(
            "discussions/edit.html", group=group, post=post, form=form
        )
        return page, 400
    db.session.commit()
    flash(_("Your message is changed."), "success")
    return redirect(back + f"#post-{post.id}")


@bp.post("/groups/<slug>/discussion/posts/<int:post_id>/hide")
@policy.requires()
def hide_post(slug, post_id):
    """A runner hides a message, with her reason (kept, shown as hidden)."""
    group = _group(slug)
    post = _post(group, post_id)
    policy.ensure_allowed(policy.can_moderate(current_user, group))
    thread = post.thread
    form = HideForm()
    try:
        if not form.validate():
            raise services.DiscussionError(" ".join(str(e) for e in form.reason.errors))
        services.hide_post(post, current_user, form.reason.data)
    except services.DiscussionError as error:
        _refused(error)
        return _thread_page(group, thread, 400)
    db.session.commit()
    flash(_("The message is hidden."), "success")
    return redirect(url_for(".thread", slug=group.slug, thread_id=thread.id))


@bp.post("/groups/<slug>/discussion/<int:thread_id>/lock")
@policy.requires()
def lock_thread(slug, thread_id):
    """A runner locks the thread: readable, no more replies."""
    group = _group(slug)
    thread = _thread(group, thread_id)
    policy.ensure_allowed(policy.can_moderate(current_user, group))
    try:
        services.lock_thread(thread, current_user)
    except services.DiscussionError as error:
        _refused(error)
        return _thread_page(group, thread, 400)
    db.session.commit()
    flash(_("The thread is locked."), "success")
    return redirect(url_for(".thread", slug=group.slug, thread_id=thread.id))


@bp.post("/groups/<slug>/discussion/email")
@policy.requires()
def choose_delivery(slug):
    """Her choice: every message, a daily digest, or none."""
    group = _group(slug)
    policy.ensure_allowed(policy.can_choose_delivery(current_user, group))
    form = DeliveryForm()
    if not form.validate():
        return _index(group, 400, delivery_form=form)
    services.choose_delivery(group, current_user, form.messages.data)
    db.session.commit()
    flash(_("Your choice of emails is saved."), "success")
    return redirect(url_for(".index", slug=group.slug, _anchor="email-choice"))
