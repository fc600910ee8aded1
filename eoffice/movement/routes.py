from flask import abort, flash, request
from flask_login import current_user

from .. import policy
from ..extensions import db
from ..forms import press, refused, submit
from ..htmx import redirect_to, refresh_list, render, targets_list
from ..i18n import gettext as _
from ..loaders import item_url_kind, load_item_or_404
from ..models import Post
from ..names import name_in
from ..notes import services as noting
from ..vocabulary import ITEM_KINDS, KIND_IN_URL, item_url
from . import addressbook, services
from .blueprint import bp
from .forms import ActionForm, AddressBookForm, CloseForm, SendForm


def done(item, message, to_inbox=False):
    """After an action: the list refreshes itself for htmx, plain forms get a redirect."""
    flash(message, "success")
    if targets_list():
        return refresh_list()
    if to_inbox:
        return redirect_to("inbox.index")
    return redirect_to(ITEM_KINDS[item.kind].endpoint, item_id=item.id)


def send_context(item, form, step="choose"):
    holder = db.session.get(Post, item.holder_post_id)
    multiple = item.kind == "receipt"
    tray = AddressBookForm()
    chosen = addressbook.posts_by_ids(tray.chosen_ids())
    if not multiple:  # a file goes to one post: the last one chosen
        chosen = chosen[-1:]
    query = tray.q.data[:200]
    found = addressbook.search_posts(query) if query else addressbook.suggested_posts(holder)
    taken = {post.id for post in chosen}
    posts = [post for post in found if post.id not in taken]
    return dict(item=item, form=form, posts=posts, query=query, kind=item_url_kind(item),
                holders=addressbook.holders_by_post(posts + chosen), multiple=multiple,
                chosen=chosen, step=step, notes_to_sign=noting.notes_to_sign(current_user, item))


@bp.route(f"/{KIND_IN_URL}/<int:item_id>/send", methods=["GET", "POST"])
def send(kind, item_id):
    """The send form. Its tray of chosen posts, remarks, priority and due date travel with
    every search (htmx asks for the recipients part alone; without JavaScript the search
    button posts the whole form back, step=find), and without JavaScript "Send" first
    shows the final list (step=review) before it sends (step=send)."""
    item = load_item_or_404(kind, item_id)
    if request.method == "GET" and not policy.can_send(current_user, item):
        abort(403)  # the form is for the holder; a POST still gets the service's answer
    form = SendForm(version=item.version)
    step = AddressBookForm().step.data if request.method == "POST" else "choose"
    if request.method == "GET" or step == "find":
        fragment = "movement/_recipients.html" if request.method == "GET" else "movement/_send_form.html"
        return render("movement/send.html", fragment, **send_context(item, form))
    if step == "review" and form.validate_on_submit():
        return render("movement/send.html", "movement/_send_form.html",
                      **send_context(item, form, step="review"))
    sent = submit(form, lambda: _sign_and_send(item, form))
    if not sent.done:
        return render("movement/send.html", "movement/_send_form.html", status=sent.status,
                      error=sent.error, **send_context(item, form))
    return done(item, _("Sent to %(names)s.", names=sent.result), to_inbox=True)


def _sign_and_send(item, form):
    """Send; the recipients' labels are read before the commit expires them."""
    posts = noting.sign_and_send(current_user, item, form.password.data, **form.payload())
    return ", ".join(name_in(post, "label") for post in posts)


@bp.get("/posts/search")
def search_posts():
    """Address book results, as a fragment for the send form or a page of its own."""
    wanted = AddressBookForm()
    posts = addressbook.search_posts(wanted.q.data)
    return render("movement/addressbook.html", "movement/_post_results.html", posts=posts,
                  query=wanted.q.data, holders=addressbook.holders_by_post(posts),
                  multiple=wanted.multiple.data == "1", chosen=[])


def _simple_action(kind, item_id, action, message, form_class=ActionForm, to_inbox=False,
                   refused=refused):
    """A button on an item (pull back, park, close...): one service call through the forms
    helper; bad input or a refusal answered as every refusal is, unless `refused` says
    otherwise."""
    item = load_item_or_404(kind, item_id)
    form = form_class()
    sent = press(form, lambda: action(item, form))
    if not sent.done:
        return refused(form, sent)
    return done(item, message, to_inbox)


@bp.post(f"/{KIND_IN_URL}/<int:item_id>/pull-back")
def pull_back(kind, item_id):
    def too_late(form, sent):
        """Opened or moved on meanwhile: say what happened and lead back to the item."""
        if sent.status != 409:
            return refused(form, sent)
        item = load_item_or_404(kind, item_id)
        message = services.what_happened(item)
        if targets_list():
            flash(message, "warning")
            return refresh_list(409)
        return render("movement/refused.html", "errors/_message.html", status=409, item=item,
                      message=message, item_url=item_url(item.kind, item.id))

    return _simple_action(kind, item_id, lambda item, form: services.pull_back(
        current_user, item, form.version.data), _("Pulled back. It is with you again."),
        refused=too_late)


@bp.post(f"/{KIND_IN_URL}/<int:item_id>/park")
def park(kind, item_id):
    return _simple_action(kind, item_id, lambda item, form: services.park(
        current_user, item, form.remarks.data, form.version.data), _("Parked."), to_inbox=True)


@bp.post(f"/{KIND_IN_URL}/<int:item_id>/unpark")
def unpark(kind, item_id):
    return _simple_action(kind, item_id, lambda item, form: services.unpark(
        current_user, item, form.version.data), _("Back in your inbox."))


@bp.post(f"/{KIND_IN_URL}/<int:item_id>/close")
def close(kind, item_id):
    return _simple_action(kind, item_id, lambda item, form: services.close(
        current_user, item, form.reason.data, form.version.data), _("Closed."), CloseForm)


@bp.post(f"/{KIND_IN_URL}/<int:item_id>/reopen")
def reopen(kind, item_id):
    return _simple_action(kind, item_id, lambda item, form: services.reopen(
        current_user, item, form.remarks.data, form.version.data), _("Reopened."))


@bp.get(f"/{KIND_IN_URL}/<int:item_id>/history")
def history(kind, item_id):
    from ..inbox.queries import format_stay, history_rows

    item = load_item_or_404(kind, item_id)
    movements, stays = history_rows(item)
    return render("movement/history.html", "movement/_history.html", item=item,
                  movements=movements, stays=stays, format_stay=format_stay,
                  can_see=policy.can_view)
