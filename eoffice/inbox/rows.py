"""List rows: the columns an inbox, a sent view or pendency shows of a file or receipt,
read as plain rows with the posts' labels joined, not as ORM objects.

A list page shows 25 items and names two posts in each; loading them as objects (and
their posts in another query) cost more than the rest of the page's data. The rows
keep the objects' names, so templates and policy read them alike (`item.kind`,
`item.holder_post|local("label")`, `policy.can_pull_back(user, item)`).
"""
from sqlalchemy import bindparam, literal, select

from ..models import EFile, Post, Receipt
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
