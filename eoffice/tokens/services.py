"""Making, finding and revoking API tokens. A token is shown once, when made; only
its SHA-256 hash is kept, so a lost token is revoked and replaced, never recovered."""
import hashlib
import re
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..auth.passwords import hash_password
from ..auth.session_rows import load_token_row
from ..clock import utcnow
from ..database import start_writing
from ..errors import NotFound, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..models import ApiToken, Office, User, UserRole
from ..models.user import SERVICE_ROLE

TOKEN_PREFIX = "eo_"
TOUCH_EVERY = timedelta(seconds=60)
CLIENT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{1,40}$")


def token_digest(token):
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _new_token(kind, name, user, created_by, client=None, offices=(), days=None):
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise WorkflowError(_("Give the token a name of at most 80 characters."),
                            {"name": "invalid"})
    now = utcnow()
    days = current_app.config["TOKEN_DAYS"] if days is None else days
    token = ApiToken(name=name, kind=kind, user_id=user.id, client=client,
                     token_hash=token_digest(raw), prefix=raw[:11], created_at=now,
                     expires_at=now + timedelta(days=days) if days else None,
                     created_by_id=created_by.id if created_by else None, offices=list(offices))
    db.session.add(token)
    db.session.flush()
    audit.record("token.create", user=created_by or user, obj=token,
                 detail=f"{kind} token {token.prefix} for {client or user.username}")
    return token, raw


def create_personal_token(user, name, created_by=None, days=None):
    """A user's own token: it acts as that user, with the same permissions as the pages,
    until it expires (EOFFICE_TOKEN_DAYS; the command line may choose `days`)."""
    if not user.active or user.has_role(SERVICE_ROLE):
        raise WorkflowError(_("You are not allowed to do this."), {"user": "invalid"})
    return _new_token("personal", name, user, created_by or user, days=days)


def service_account(client):
    """The system account a service client acts through: holds no post and cannot sign
    in (its password hash is of a random secret nobody keeps)."""
    username = f"svc.{client}"
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, name=client, employee_code=f"SVC-{client}"[:32],
                    password_hash=hash_password(secrets.token_urlsafe(32)), language="en")
        user.role_rows = [UserRole(role=SERVICE_ROLE)]
        db.session.add(user)
        db.session.flush()
        audit.record("user.create", obj=user, detail=f"service account for API client {client}")
    return user


def create_service_token(client, office_codes, name=None, created_by=None, days=None):
    """A token for another system, bound to the offices it may bring receipts into."""
    client = (client or "").strip().lower()
    if not CLIENT_NAME.match(client):
        raise WorkflowError("Client names are 2-41 lower-case letters, digits, - or _.",
                            {"service": "invalid"})
    codes = sorted(set(office_codes or ()))
    offices = db.session.scalars(select(Office).where(Office.code.in_(codes))).all()
    missing = sorted(set(codes) - {office.code for office in offices})
    if not codes or missing:
        raise WorkflowError(f"Unknown office code(s): {', '.join(missing) or '(none given)'}",
                            {"office": "unknown"})
    user = service_account(client)
    days = current_app.config["SERVICE_TOKEN_DAYS"] if days is None else days
    return _new_token("service", name or client, user, created_by, client, offices, days)


def resolve(raw):
    """The live token for a raw bearer token, or None. Noting when it was last used is
    a write of its own, at most once a minute per token."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    # the token, its user, the user's posts and roles as plain rows in one statement,
    # made into the ORM's objects as a session row is (auth/session_rows.py)
    token = load_token_row(db.session(), token_digest(raw))
    now = utcnow()
    if token is None or token.revoked_at is not None or token.expired(now) \
            or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        start_writing(db.session)
        token.last_used_at = now
        db.session.commit()
    return token


def tokens_of(user):
    return db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                              .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())).all()


def all_tokens():
    return db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()


def find_token(token_id_or_prefix):
    value = str(token_id_or_prefix).strip()
    if value.isdigit() and len(value) < 10:
        token = db.session.get(ApiToken, int(value))
    else:
        token = db.session.scalar(select(ApiToken).where(ApiToken.prefix == value[:11]))
    if token is None:
        raise NotFound(_("This page does not exist or you may not see it."))
    return token


def revoke_token(token, actor=None, owner=None, reason=None):
    """A revoked token stops working at once. Users revoke their own; IT staff any,
    from the command line."""
    if owner is not None and token.user_id != owner.id:
        raise NotFound(_("This page does not exist or you may not see it."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("token.revoke", user=actor or owner, obj=token,
                     detail=f"{token.prefix}; {reason}" if reason else token.prefix)
        db.session.flush()
    return token


def revoke_tokens_of(user, actor, reason):
    """A new password ends what the old one opened: the user's tokens stop working."""
    live = db.session.scalars(select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))).all()
    now = utcnow()
    for token in live:
        token.revoked_at = now
    if live:
        audit.record("token.revoke", user=actor, obj=user,
                     detail=f"{len(live)} token(s) of {user.username} revoked after {reason}")
        db.session.flush()
    return len(live)

