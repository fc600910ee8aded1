"""Vocabulary and columns shared by receipts and files."""
from sqlalchemy import Index, text
from sqlalchemy.orm import declared_attr

from .. import vocabulary
from ..extensions import db

# the codes, by the names the services and the API use (the tables: vocabulary.py)
GRADINGS = vocabulary.GRADINGS.codes
RESTRICTED_GRADINGS = vocabulary.GRADINGS.where(restricted=True)
PRIORITIES = vocabulary.PRIORITIES.codes
RECEIPT_MODES = vocabulary.RECEIPT_MODES.codes
RECEIPT_CATEGORIES = vocabulary.RECEIPT_CATEGORIES.codes
FILE_CATEGORIES = vocabulary.FILE_CATEGORIES.codes
OPEN_STATUSES = vocabulary.PENDING_STATUSES
OPEN_SQL = vocabulary.PENDING_SQL


def open_items_index(table):
    """Pending items by holder with their age and due date: dashboards count pendency
    from this index alone."""
    return Index(f"ix_{table}_open", "holder_post_id", "holder_since", "due_on",
                 postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL))


class MovableMixin:
    """An item that moves post to post: who made it, and a cache of its last movement
    (holder, since when, who sent it, read or not), kept in the same transaction as
    the movement log. `version` makes concurrent changes of one item conflict."""

    office_id = db.Column(db.ForeignKey("office.id"), nullable=False, index=True)
    subject = db.Column(db.String(500), nullable=False)
    is_electronic = db.Column(db.Boolean, nullable=False, default=True)
    grading = db.Column(db.String(16), nullable=False, default=GRADINGS[0])
    status = db.Column(db.String(16), nullable=False, default=vocabulary.ACTIVE)
    created_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    created_by_post_id = db.Column(db.ForeignKey("post.id"), nullable=False)
    holder_post_id = db.Column(db.ForeignKey("post.id"))
    holder_since = db.Column(db.DateTime, nullable=False)
    sent_by_post_id = db.Column(db.ForeignKey("post.id"))
    read_at = db.Column(db.DateTime)
    priority = db.Column(db.String(16), nullable=False, default=PRIORITIES[0])
    due_on = db.Column(db.Date)
    version = db.Column(db.Integer, nullable=False, default=1)
    seal = db.Column(db.String(64))  # the cover's keyed MAC: eoffice.integrity.seals

    @declared_attr
    def office(cls):
        return db.relationship("Office")

    @declared_attr
    def created_by(cls):
        return db.relationship("User")

    @declared_attr
    def created_by_post(cls):
        return db.relationship("Post", foreign_keys=[cls.created_by_post_id])

    @declared_attr
    def holder_post(cls):
        return db.relationship("Post", foreign_keys=[cls.holder_post_id])

    @declared_attr
    def sent_by_post(cls):
        return db.relationship("Post", foreign_keys=[cls.sent_by_post_id])

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}

    @property
    def title(self):
        return self.subject

    def is_overdue(self, day):
        """Past its due day and still waiting on its holder (not parked, not closed)."""
        return self.due_on is not None and self.due_on < day and self.status == vocabulary.ACTIVE

    def is_restricted(self):
        return self.grading in RESTRICTED_GRADINGS
