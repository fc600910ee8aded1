"""Pending items per post: a running count kept with every change of an item's holder,
sender or status, so a heavy desk's pendency costs the same at a million items as at
ten thousand (see `eoffice/inbox/pending.py`)."""
from ..extensions import db


class PendingCount(db.Model):
    """How many open items of a kind are pending with a post (`with_me`: it holds
    them) or away from it (`with_others`: it sent them and another post holds them,
    still active). Rebuilt from the items by `flask eoffice rebuild-stats`."""
    __tablename__ = "pending_count"
    list = db.Column(db.String(16), primary_key=True)
    post_id = db.Column(db.ForeignKey("post.id"), primary_key=True)
    kind = db.Column(db.String(8), primary_key=True)
    items = db.Column(db.Integer, nullable=False, default=0)
