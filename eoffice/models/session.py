"""Server-side sign-in sessions: the cookie only names one, so logout really ends it."""
from ..extensions import db


class UserSession(db.Model):
    __tablename__ = "user_session"
    id = db.Column(db.Integer, primary_key=True)
    token_hash = db.Column(db.String(64), unique=True, nullable=False)
    user_id = db.Column(db.ForeignKey("user_account.id"), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False)
    last_seen_at = db.Column(db.DateTime, nullable=False)
    ended_at = db.Column(db.DateTime)
    ip = db.Column(db.String(64))
    user_agent = db.Column(db.String(200))

    user = db.relationship("User")
