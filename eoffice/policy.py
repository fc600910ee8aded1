"""May this user do this to this object? One place, used by services and templates.

Who may see an item (file or receipt): the post holding it, every post on its trail,
the post that created it, and oversight roles within their org subtree (read-only).
Confidential and higher gradings are seen only by posts on the item's own trail.
"""
import sys
from functools import lru_cache
from hashlib import blake2b

from flask import g, has_request_context
from sqlalchemy import and_, exists, false, or_, select, union_all

from .extensions import db
from .models import EFile, Movement, Office, OrgUnit, Receipt
from .models.records import RESTRICTED_GRADINGS

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


def visible_filter(user, model):
    """can_view as SQL: a WHERE clause for the rows of model (EFile or Receipt) that the
    user may see, for queries that must not load and test every row."""
    posts = held_post_ids(user)
    paths = oversight_paths(user)
    conditions = []
    if posts:
        column, touches = item_filter(model, posts)
        conditions += [model.holder_post_id.in_(posts), model.created_by_post_id.in_(posts),
                       exists().where(column == model.id, touches)]
    if paths:
        open_grading = model.grading.not_in(RESTRICTED_GRADINGS)
        if "/" in paths:
            conditions.append(open_grading)
        else:
            offices = select(Office.id).join(OrgUnit, Office.org_unit_id == OrgUnit.id).where(
                or_(*(OrgUnit.path.startswith(path, autoescape=True) for path in paths)))
            conditions.append(and_(open_grading, model.office_id.in_(offices)))
    if model is Receipt:
        conditions.append(exists().where(EFile.id == model.efile_id, visible_filter(user, EFile)))
    return or_(*conditions) if conditions else false()


def post_key(post_id):
    return f"p{post_id}"


@lru_cache(maxsize=8192)
def path_key(path):
    return "o" + blake2b(path.encode(), digest_size=6).hexdigest()


def path_prefixes(path):
    """"/JK/KMR/SGR/" -> "/", "/JK/", "/JK/KMR/", "/JK/KMR/SGR/"."""
    parts = path.strip("/").split("/") if path.strip("/") else []
    return ["/"] + ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1)]


def viewer_keys(user, restricted=False):
    """can_view for the search index, user side: one key per post held and per
    org subtree overseen (restricted=True: only the keys that can open a restricted
    item, the posts). See item_keys for the other side."""
    keys = {post_key(post) for post in held_post_ids(user)}
    if not restricted:
        keys |= {path_key(path) for path in oversight_paths(user)}
    return keys


def item_keys(item, trail, unit_path):
    """can_view for the search index, item side: a key for every post on the item's
    trail (`trail`: the from/to/by posts of its movements) and, unless its grading is
    restricted, one for each org unit above its office (`unit_path`: its office's org
    unit). A user sees the item when viewer_keys and item_keys meet; receipts in a file
    add the file's keys."""
    posts = set(trail) | {item.holder_post_id, item.created_by_post_id}
    keys = {post_key(post) for post in posts if post}
    if not item.is_restricted():
        keys |= {path_key(prefix) for prefix in path_prefixes(unit_path)}
    return keys


def office_paths(office_ids):
    """{office id: its org unit's path}, in one query."""
    if not office_ids:
        return {}
    return dict(db.session.execute(select(Office.id, OrgUnit.path).join(
        OrgUnit, Office.org_unit_id == OrgUnit.id).where(Office.id.in_(office_ids))).all())


def trail_posts(model, ids):
    """Every post on the trail of each item, from the movement log, in one query."""
    column = Movement.efile_id if model is EFile else Movement.receipt_id
    trail = {item_id: set() for item_id in ids}
    if not ids:
        return trail
    parts = [select(column.label("item_id"), post.label("post_id")).where(
        column.in_(ids), post.is_not(None)).distinct()
        for post in (Movement.from_post_id, Movement.to_post_id, Movement.by_post_id)]
    for item_id, post_id in db.session.execute(union_all(*parts)):
        trail[item_id].add(post_id)
    return trail


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


def register(app):
    app.jinja_env.globals["policy"] = sys.modules[__name__]
