"""Who may see and move files and receipts (the rules are in eoffice.policy's
docstring)."""
from flask import g, has_request_context
from sqlalchemy import and_, bindparam, exists, false, or_, select

from ..extensions import db
from ..models import EFile, Movement, Office, OrgUnit, Receipt
from ..models.records import GRADINGS, RESTRICTED_GRADINGS
from ..models.user import SERVICE_ROLE
from ..vocabulary import ACTIVE, CLOSED, PARKED


def held_post_ids(user):
    """The posts the user holds today (regular, additional charge, delegation)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = g.setdefault("held_posts", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = frozenset(post.id for post in user.current_posts())
    return cache[user.id]


def oversight_paths(user):
    """Org-unit paths the user may read within (read-only, open gradings): what the
    oversight posts they hold today oversee (models.post.OVERSIGHT_SCOPES), a UT
    oversight post everything, a district head's post its district. It comes from the
    post alone: not from the person's roles, nor from their other posts, so an
    additional charge of a post without oversight widens nothing, and one of a
    district head's post gives that district while the charge lasts."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cache = g.setdefault("oversight_paths", {}) if has_request_context() else {}
    if user.id not in cache:
        posts = user.current_posts()
        if any(post.oversight == "ut" for post in posts):
            cache[user.id] = ("/",)
        else:  # the admin service lets only a post at a district oversee one
            offices = sorted({post.office_id for post in posts if post.oversight == "district"})
            cache[user.id] = tuple(sorted(set(db.session.scalars(
                DISTRICTS_OF_OFFICES, {"offices": offices})))) if offices else ()
    return cache[user.id]


# the districts of a district head's offices in one statement, built once (walking each
# post's office and unit cost two lazy loads a request)
DISTRICTS_OF_OFFICES = (select(OrgUnit.path).join(Office, Office.org_unit_id == OrgUnit.id)
                        .where(Office.id.in_(bindparam("offices", expanding=True)),
                               OrgUnit.kind == "district"))


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


def is_service_client(user):
    return getattr(user, "is_authenticated", False) and user.has_role(SERVICE_ROLE)


def brought_in_by(user, item):
    """The service client that brought a receipt in (not the copies made of it later)."""
    return (item.kind == "receipt" and item.created_by_id == user.id
            and item.copy_of_id is None and is_service_client(user))


def can_view(user, item):
    if on_trail(user, item) or brought_in_by(user, item):
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


def holds(user, item):
    return item.holder_post_id in held_post_ids(user)


def can_open(user, item):
    return holds(user, item) and item.read_at is None


def can_send(user, item):
    return holds(user, item) and item.status == ACTIVE


def can_edit_receipt(user, receipt):
    return can_send(user, receipt)


def can_park(user, item):
    return holds(user, item) and item.status == ACTIVE


def can_unpark(user, item):
    return holds(user, item) and item.status == PARKED


def can_pull_back(user, item):
    posts = held_post_ids(user)
    return (item.status == ACTIVE and item.sent_by_post_id in posts
            and item.holder_post_id not in posts and item.read_at is None)


def can_close(user, item):
    """Only the creator's post closes, and only while it holds the item."""
    return (item.status in (ACTIVE, PARKED) and holds(user, item)
            and item.created_by_post_id in held_post_ids(user))


def can_reopen(user, item):
    return item.status == CLOSED and item.created_by_post_id in held_post_ids(user)


def can_put_in_file(user, receipt, efile=None):
    if not can_send(user, receipt) or receipt.efile_id:
        return False
    return efile is None or (holds(user, efile) and efile.status == ACTIVE)


def grading_fits(receipt, efile):
    """A receipt goes only into a file graded at least as high: a confidential paper in an
    ordinary file would be read by everyone who may read the file."""
    return GRADINGS.index(receipt.grading) <= GRADINGS.index(efile.grading)


def lowest_grading_for(receipts):
    """The lowest grading of a file that is to take these receipts (grading_fits)."""
    return max((receipt.grading for receipt in receipts), key=GRADINGS.index,
               default=GRADINGS[0])


def can_create(user):
    return bool(held_post_ids(user))


def can_intake(token, office):
    """A live service token brings receipts into the offices it is bound to, only."""
    return (token.is_service and token.revoked_at is None
            and any(bound.id == office.id for bound in token.offices))
