"""Employee master and sign-in state."""
from flask_login import UserMixin

from .. import vocabulary
from ..clock import today
from ..extensions import db

ROLES = vocabulary.ROLES.codes
OVERSIGHT_ROLES = ("district_head", "ut_oversight")
# the system account of an API service client: holds no post, cannot sign in
SERVICE_ROLE = "api_client"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), unique=True, nullable=False)
    name = db.Column(db.String(160), nullable=False)
    employee_code = db.Column(db.String(32), unique=True, nullable=False)
    email = db.Column(db.String(200))
    mobile = db.Column(db.String(20))
    language = db.Column(db.String(8), nullable=False, default="en")
    password_hash = db.Column(db.String(255), nullable=False)
    password_changed_at = db.Column(db.DateTime)
    failed_logins = db.Column(db.Integer, nullable=False, default=0)
    locked_until = db.Column(db.DateTime)
    # a password an IT admin chose (a new account, a reset) is changed at first sign-in
    must_change_password = db.Column(db.Boolean, nullable=False, default=False,
                                     server_default=db.false())
    active = db.Column(db.Boolean, nullable=False, default=True)
    totp_secret = db.Column(db.String(64))  # base32; set once the user confirms a code
    totp_last_step = db.Column(db.Integer)  # a code is accepted once (no replay)

    role_rows = db.relationship("UserRole", cascade="all, delete-orphan", lazy="selectin")
    holdings = db.relationship("PostHolding", foreign_keys="PostHolding.user_id",
                               back_populates="user")

    def __repr__(self):
        return f"<User {self.username}>"

    @property
    def is_active(self):
        return self.active

    @property
    def roles(self):
        return {row.role for row in self.role_rows}

    def has_role(self, *roles):
        return bool(self.roles.intersection(roles))

    def current_holdings(self, on_day=None):
        on_day = on_day or today()
        return [h for h in self.holdings if h.is_current(on_day)]

    def current_posts(self, on_day=None):
        return [h.post for h in self.current_holdings(on_day)]


class UserRole(db.Model):
    __tablename__ = "user_role"
    user_id = db.Column(db.ForeignKey("user_account.id"), primary_key=True)
    role = db.Column(db.String(24), primary_key=True)
