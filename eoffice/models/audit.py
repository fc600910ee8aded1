"""Append-only, hash-chained audit log."""
from ..extensions import db
from ..integrity import triggers


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    # one object's history: the audit viewer's object filter and `verify`'s movement check
    __table_args__ = (db.Index("ix_audit_event_object", "object_type", "object_id", "id"),)
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.DateTime, nullable=False, index=True)
    user_id = db.Column(db.ForeignKey("user_account.id"), index=True)
    username = db.Column(db.String(64))  # kept as typed, also for failed sign-ins
    post_id = db.Column(db.ForeignKey("post.id"))
    action = db.Column(db.String(48), nullable=False, index=True)
    object_type = db.Column(db.String(32))
    object_id = db.Column(db.Integer)
    detail = db.Column(db.Text, nullable=False, default="")
    ip = db.Column(db.String(64))
    prev_hash = db.Column(db.String(64), nullable=False)
    hash = db.Column(db.String(64), nullable=False, unique=True)

    def chain_fields(self):
        return chain_text(*(getattr(self, name) for name in CHAIN_COLUMNS))


# what an event's HMAC covers, in order (verify reads these columns by position)
CHAIN_COLUMNS = ("at", "user_id", "username", "post_id", "action", "object_type", "object_id",
                 "detail", "ip", "prev_hash")


def chain_text(at, *rest):
    return "|".join([at.isoformat(), *map(str, rest)])


triggers.attach(AuditEvent.__table__)
