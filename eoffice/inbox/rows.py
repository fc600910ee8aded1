"""List rows: the columns an inbox, a sent view or pendency shows of a file or receipt,
read as plain rows with the posts' labels joined, not as ORM objects.

A list page shows 25 items and names two posts in each; loading them as objects (and
their posts in another query) cost more than the rest of the page's data. The rows
keep the objects' names, so templates and policy read them alike (`item.kind`,
`item.holder_post|local("label")`, `policy.can_pull_back(user, item)`).
"""
from sqlalchemy import bindparam, literal, select

from ..models import EFile, Movement, Post, Receipt, User
from ..models.records import MovableMixin

IDS = bindparam("ids", expanding=True)


class PostLabel:
    """A post as a list names it: its marking label in each language."""
    __slots__ = ("id", "label", "label_hi", "label_ur")

    def __init__(self, post_id, label, label_hi, label_ur):
        self.id, self.label, self.label_hi, self.label_ur = post_id, label, label_hi, label_ur


class ItemRow:
    """A listed file or receipt."""
    __slots__ = ("kind", "id", "number", "subject", "priority", "status", "is_electronic",
                 "read_at", "holder_since", "due_on", "version", "holder_post_id",
                 "sent_by_post_id", "created_by_post_id", "holder_post", "sent_by_post")
    is_overdue = MovableMixin.is_overdue  # one rule for objects and rows

    def __init__(self, row, posts):
        (self.kind, self.id, self.number, self.subject, self.priority, self.status,
         self.is_electronic, self.read_at, self.holder_since, self.due_on, self.version,
         self.holder_post_id, self.sent_by_post_id, self.created_by_post_id) = row[:14]
        self.holder_post = _post(posts, self.holder_post_id, row[14:17])
        self.sent_by_post = _post(posts, self.sent_by_post_id, row[17:20])


def _post(posts, post_id, labels):
    if post_id is None:
        return None
    post = posts.get(post_id)
    if post is None:
        post = posts[post_id] = PostLabel(post_id, *labels)
    return post


def _statement(kind, model, number):
    table, posts = model.__table__, Post.__table__
    holder, sender = posts.alias("holder"), posts.alias("sender")
    c = table.c
    return (select(literal(kind), c.id, number, c.subject, c.priority, c.status,
                   c.is_electronic, c.read_at, c.holder_since, c.due_on, c.version,
                   c.holder_post_id, c.sent_by_post_id, c.created_by_post_id,
                   holder.c.label, holder.c.label_hi, holder.c.label_ur,
                   sender.c.label, sender.c.label_hi, sender.c.label_ur)
            .outerjoin(holder, holder.c.id == c.holder_post_id)
            .outerjoin(sender, sender.c.id == c.sent_by_post_id)
            .where(c.id.in_(IDS)))


# built once: building a statement costs more than SQLite takes to run it
STATEMENTS = {"file": _statement("file", EFile, EFile.__table__.c.file_no),
              "receipt": _statement("receipt", Receipt, Receipt.__table__.c.diary_no)}


def load_rows(session, keys):
    """Rows for (kind, id) pairs, in the given order: one query per kind."""
    found, posts = {}, {}
    for kind, statement in STATEMENTS.items():
        ids = [item_id for item_kind, item_id in keys if item_kind == kind]
        if ids:
            for row in session.execute(statement, {"ids": ids}):
                found[(kind, row[1])] = ItemRow(row, posts)
    return [found[tuple(key)] for key in keys]


class Named:
    """A user or receipt as a history row names it (`by_user.name`, `receipt.diary_no`)."""
    __slots__ = ("name", "diary_no")

    def __init__(self, name=None, diary_no=None):
        self.name, self.diary_no = name, diary_no


class MovementRow:
    """A step of an item's history as the history table shows it."""
    __slots__ = ("id", "at", "efile_id", "receipt_id", "action", "remarks", "remark_key",
                 "remark_args", "priority", "due_on", "from_post_id", "to_post_id",
                 "by_post_id", "by_user", "receipt", "from_post", "to_post", "by_post")

    def __init__(self, row, posts):
        (self.id, self.at, self.efile_id, self.receipt_id, self.action, self.remarks,
         self.remark_key, self.remark_args, self.priority, self.due_on, self.from_post_id,
         self.to_post_id, self.by_post_id) = row[:13]
        self.by_user = Named(name=row[13])
        self.receipt = None if row[14] is None else Named(diary_no=row[14])
        self.from_post = _post(posts, self.from_post_id, row[15:18])
        self.to_post = _post(posts, self.to_post_id, row[18:21])
        self.by_post = _post(posts, self.by_post_id, row[21:24])


def history_statement(movement_ids):
    """The movements whose ids `movement_ids` selects, with who made them, the receipt's
    number and the three posts' labels joined."""
    movement, posts = Movement.__table__, Post.__table__
    users, receipts = User.__table__, Receipt.__table__
    aliases = [posts.alias(name) for name in ("from_post", "to_post", "by_post")]
    c = movement.c
    statement = (
        select(c.id, c.at, c.efile_id, c.receipt_id, c.action, c.remarks, c.remark_key,
               c.remark_args, c.priority, c.due_on, c.from_post_id, c.to_post_id,
               c.by_post_id, users.c.name, receipts.c.diary_no,
               *(column for alias in aliases
                 for column in (alias.c.label, alias.c.label_hi, alias.c.label_ur)))
        .join(users, users.c.id == c.by_user_id)
        .outerjoin(receipts, receipts.c.id == c.receipt_id))
    for alias, column in zip(aliases, (c.from_post_id, c.to_post_id, c.by_post_id)):
        statement = statement.outerjoin(alias, alias.c.id == column)
    return statement.where(c.id.in_(movement_ids))


def load_history(session, statement, params):
    posts = {}
    return [MovementRow(row, posts) for row in session.execute(statement, params)]
