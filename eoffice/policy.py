"""May this user do this to this object? One place, used by services and templates.

Who may see an item (file or receipt): the post holding it, every post on its trail,
the post that created it, and oversight roles within their org subtree (read-only).
Confidential and higher gradings are seen only by posts on the item's own trail.
"""
import sys

from flask import current_app, g, has_request_context
from sqlalchemy import or_, select

from .extensions import db
from .models import EFile, Movement

OPEN = "active"


def held_post_ids(user):
    """The posts the user holds today (regular, additional charge, delegation)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = g.setdefault("held_posts", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = frozenset(post.id for post in user.current_posts())
    return cache[user.id]


def oversight_paths(user):
    """Org-unit paths a district head or UT oversight may read within."""
    if user.has_role("ut_oversight"):
        return ("/",)
    if user.has_role("district_head"):
        return tuple(post.office.org_unit.path for post in user.current_posts())
    return ()


def item_filter(model, post_ids):
    column = Movement.efile_id if model is EFile else Movement.receipt_id
    return column, or_(Movement.from_post_id.in_(post_ids), Movement.to_post_id.in_(post_ids),
                       Movement.by_post_id.in_(post_ids))


def on_trail(user, item):
    posts = held_post_ids(user)
    if not posts:
        return False
    if item.holder_post_id in posts or item.created_by_post_id in posts:
        return True
    column, touches = item_filter(type(item), posts)
    return db.session.scalar(select(Movement.id).where(column == item.id, touches).limit(1)) is not None


def within_oversight(user, item):
    paths = oversight_paths(user)
    return bool(paths) and any(item.office.org_unit.path.startswith(p) for p in paths)


def can_view(user, item):
    if on_trail(user, item):
        return True
    if item.kind == "receipt" and item.efile_id and can_view(user, item.efile):
        return True
    return not item.is_restricted() and within_oversight(user, item)


def holds(user, item):
    return item.holder_post_id in held_post_ids(user)


def can_open(user, item):
    return holds(user, item) and item.read_at is None


def can_send(user, item):
    return holds(user, item) and item.status == OPEN


def can_edit_receipt(user, receipt):
    return can_send(user, receipt)


def can_park(user, item):
    return holds(user, item) and item.status == OPEN


def can_unpark(user, item):
    return holds(user, item) and item.status == "parked"


def can_pull_back(user, item):
    posts = held_post_ids(user)
    return (item.status == OPEN and item.sent_by_post_id in posts
            and item.holder_post_id not in posts and item.read_at is None)


def can_close(user, item):
    """Only the creator's post closes, and only while it holds the item."""
    return (item.status in (OPEN, "parked") and holds(user, item)
            and item.created_by_post_id in held_post_ids(user))


def can_reopen(user, item):
    return item.status == "closed" and item.created_by_post_id in held_post_ids(user)


def can_put_in_file(user, receipt, efile=None):
    if not can_send(user, receipt) or receipt.efile_id:
        return False
    return efile is None or (holds(user, efile) and efile.status == OPEN)


def can_create(user):
    return bool(held_post_ids(user))


def can_administer(user):
    return user.is_authenticated and user.has_role("it_admin")


def can_read_audit(user):
    """IT admins and UT oversight read the whole audit log."""
    return user.is_authenticated and user.has_role("it_admin", "ut_oversight")


def can_use_two_factor(user):
    """IT admins, UT oversight and district heads may add a second sign-in factor."""
    return user.is_authenticated and user.has_role(*current_app.config["TOTP_ROLES"])


def register(app):
    app.jinja_env.globals["policy"] = sys.modules[__name__]
