"""Pending items per post: a running count kept with every change of an item's holder,
sender or status, so a heavy desk's pendency costs the same at a million items as at
ten thousand (see `eoffice/inbox/pending.py`)."""
from ..extensions import db
from ..vocabulary import ACTIVE
from .records import OPEN_STATUSES

LISTS = ("with_me", "with_others")


class PendingCount(db.Model):
    """How many open items of a kind are pending with a post (`with_me`: it holds
    them) or away from it (`with_others`: it sent them and another post holds them,
    still active). Rebuilt from the items by `flask eoffice rebuild-stats`."""
    __tablename__ = "pending_count"
    list = db.Column(db.String(16), primary_key=True)
    post_id = db.Column(db.ForeignKey("post.id"), primary_key=True)
    kind = db.Column(db.String(8), primary_key=True)
    items = db.Column(db.Integer, nullable=False, default=0)


def lists_of(kind, holder, sent_by, status):
    """The (list, post, kind) counts an item in this state adds one to. An item is
    pending `with_me` for the post holding it while it is open (active or parked), and
    `with_others` for the post that sent it while it is active and another post holds it."""
    keys = []
    if holder is not None and status in OPEN_STATUSES:
        keys.append(("with_me", holder, kind))
    if sent_by is not None and holder is not None and holder != sent_by and status == ACTIVE:
        keys.append(("with_others", sent_by, kind))
    return keys


def conditions(model, name):
    """The same rule in SQL: the post a list counts an item for, and when it does."""
    if name == "with_me":
        return model.holder_post_id, [model.holder_post_id.is_not(None),
                                      model.status.in_(OPEN_STATUSES)]
    return model.sent_by_post_id, [model.sent_by_post_id.is_not(None),
                                   model.holder_post_id.is_not(None),
                                   model.holder_post_id != model.sent_by_post_id,
                                   model.status == ACTIVE]
