from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import policy
from ..dak.services import holder_posts_for
from ..forms import post_choices, query_values, submit
from ..i18n import gettext as _
from ..inputs import whole_number
from ..loaders import load_item_or_404, require
from ..movement.opening import load_opened
from ..notes import file_view
from . import services
from .blueprint import bp
from .forms import FileForm


def _section_choices(posts):
    choices = [(0, _("— none —"))]
    for post in posts:
        choices += [(s.id, f"{s.code} — {s.name} ({post.office.code})")
                    for s in post.office.sections if s.active]
    return list(dict.fromkeys(choices))


@bp.route("/files/new", methods=["GET", "POST"])
def new():
    require(policy.can_create)
    posts = holder_posts_for(current_user)
    form = FileForm()
    form.as_post.choices = post_choices(posts)
    form.section.choices = _section_choices(posts)
    if request.method == "GET":
        form.receipts.data = query_values("receipt", type=whole_number)
    receipts = [load_item_or_404("receipt", rid) for rid in form.receipts.data or []]
    if request.method == "GET" and receipts:  # a file graded at least as high as its papers
        form.grading.data = policy.lowest_grading_for(receipts)
    sent = submit(form, lambda: _open_file(form, posts, receipts))
    if not sent.done:
        return render_template("files/new.html", form=form, receipts=receipts,
                               error=sent.error), sent.status
    efile = sent.result
    flash(_("File %(number)s opened.", number=efile.file_no), "success")
    return redirect(url_for("files.show", item_id=efile.id), code=303)


def _open_file(form, posts, receipts):
    post = next(p for p in posts if p.id == form.as_post.data)
    return services.create_file(
        current_user, post, form.subject.data, form.category.data, form.head.data,
        form.section.data or None, form.form.data == "electronic", form.grading.data,
        form.priority.data, receipts)


@bp.get("/files/<int:item_id>")
def show(item_id):
    efile = load_opened("file", item_id)
    return file_view.render_file_page(current_user, efile)
