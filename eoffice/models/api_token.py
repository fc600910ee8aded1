"""API tokens: a personal token acts as its user; a service token acts for a named
client (through its own system account) bound to one or more offices. Only a SHA-256
hash of each token is stored; the token itself is shown once, when it is made."""
from ..extensions import db

TOKEN_KINDS = ("personal", "service")

api_token_office = db.Table(
    "api_token_office",
    db.Column("token_id", db.ForeignKey("api_token.id"), primary_key=True),
    db.Column("office_id", db.ForeignKey("office.id"), primary_key=True),
)


class ApiToken(db.Model):
    __tablename__ = "api_token"
    __table_args__ = (db.CheckConstraint("kind IN ('personal', 'service')", name="kind"),)
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    kind = db.Column(db.String(16), nullable=False)
    # the account the token acts as: its user, or the service client's system account
    user_id = db.Column(db.ForeignKey("user_account.id"), nullable=False, index=True)
    client = db.Column(db.String(64))  # service tokens: the client's name, e.g. "eunnat"
    token_hash = db.Column(db.String(64), unique=True, nullable=False)
    prefix = db.Column(db.String(16), nullable=False)  # shown in lists to tell tokens apart
    created_at = db.Column(db.DateTime, nullable=False)
    created_by_id = db.Column(db.ForeignKey("user_account.id"))  # None: from the command line
    last_used_at = db.Column(db.DateTime)
    revoked_at = db.Column(db.DateTime)
    expires_at = db.Column(db.DateTime)  # None only for tokens of the command line's --days 0

    user = db.relationship("User", foreign_keys=[user_id])
    created_by = db.relationship("User", foreign_keys=[created_by_id])
    offices = db.relationship("Office", secondary=api_token_office, order_by="Office.code")

    def __repr__(self):
        return f"<ApiToken {self.prefix} {self.kind}>"

    @property
    def is_service(self):
        return self.kind == "service"

    @property
    def is_active(self):
        return self.revoked_at is None

    def expired(self, now):
        return self.expires_at is not None and self.expires_at <= now
