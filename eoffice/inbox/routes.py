from itertools import groupby

from flask import current_app, redirect, url_for
from flask_login import current_user

from ..clock import today
from ..forms import page_number, query_string, query_value
from ..htmx import is_htmx, render
from ..inputs import whole_number
from . import queries
from .blueprint import bp

FILTER_KEYS = ("read", "form", "priority", "overdue", "post")


@bp.get("/")
def home():
    return redirect(url_for("inbox.index"))


def _filters():
    return {"read": query_value("read", ""), "form": query_value("form", ""),
            "priority": query_value("priority", ""), "overdue": query_value("overdue") == "1",
            "post": query_value("post", type=whole_number)}


def _list_view(view):
    filters = _filters()
    sort = query_value("sort", "received")
    page = queries.list_items(current_user, view, filters, sort,
                              page_number(),
                              current_app.config["PAGE_SIZE"], as_rows=True)
    posts = list({post.id: post for post in current_user.current_posts()}.values())
    labels = {post.id: post for post in posts}
    grouped = [(labels.get(post_id), list(items)) for post_id, items in groupby(
        sorted(page.items, key=lambda item: item.holder_post_id or 0),
        key=lambda item: item.holder_post_id)] if len(posts) > 1 and view in ("inbox", "parked") \
        else [(None, page.items)]
    args = query_string(leave_out=("page",))
    return render("inbox/index.html", "inbox/_list.html", view=view, page=page, groups=grouped,
                  posts=posts, filters=filters, sort=sort, args=args, today=today(),
                  views=queries.VIEWS, fragment=is_htmx(), sends=queries.last_sends(page.items))


@bp.get("/inbox")
def index():
    view = query_value("view")
    return _list_view(view if view in queries.VIEWS else "inbox")


@bp.get("/inbox/pendency")
def pendency():
    return render("inbox/pendency.html", "inbox/_pendency.html",
                  pendency=queries.pendency(current_user), today=today())
