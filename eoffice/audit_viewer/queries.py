"""The audit log, newest first, filtered, a page at a time (keyset: no counting)."""
from dataclasses import dataclass

from sqlalchemy import func, select

from ..clock import utc_end_of, utc_start_of
from ..extensions import db
from ..models import AuditEvent, Post

OBJECT_TYPES = ("EFile", "Receipt", "User")


@dataclass
class Filters:
    user: str = ""
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    date_from: object = None
    date_to: object = None

    def conditions(self):
        conditions = []
        if self.user:
            conditions.append(func.lower(AuditEvent.username) == self.user.strip().lower())
        if self.action:
            conditions.append(AuditEvent.action.startswith(self.action.strip(), autoescape=True))
        if self.object_type in OBJECT_TYPES:
            conditions.append(AuditEvent.object_type == self.object_type)
        if self.object_id is not None:
            conditions.append(AuditEvent.object_id == self.object_id)
        if self.date_from:
            conditions.append(AuditEvent.at >= utc_start_of(self.date_from))
        if self.date_to:
            conditions.append(AuditEvent.at < utc_end_of(self.date_to))
        return conditions


def post_labels(events):
    ids = {event.post_id for event in events if event.post_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(Post.id, Post.label).where(Post.id.in_(ids))).all())


def events(filters, before=None, size=50):
    """(events, id to continue before or None)."""
    query = select(AuditEvent).where(*filters.conditions())
    if before:
        query = query.where(AuditEvent.id < before)
    rows = db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(size + 1)).all()
    return rows[:size], (rows[size - 1].id if len(rows) > size else None)
