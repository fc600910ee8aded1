"""Sign-in rules: lockout, server-side sessions with idle and absolute timeouts."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from .. import audit
from ..clock import utcnow
from ..database import lock_row, start_writing
from ..errors import CountedFailure, NotFound, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..models import User, UserSession
from . import lockout, passwords, two_factor
from .session_rows import load_session_row

TOUCH_EVERY = timedelta(seconds=60)
PENDING_SECONDS = 300


def wrong_password():
    return CountedFailure(_("Your password is not right."), {"password": "wrong"})


def confirm_password(user, password, purpose):
    """A signed-in user proves it is still them (making a token, changing the password
    or the second factor); a wrong password counts toward the lockout as at sign-in, and
    a locked account is refused whatever it types."""
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        audit.record("login.failure", user=user, detail=f"locked; {purpose}")
        return False
    if passwords.verify_password(user.password_hash, password or ""):
        return True
    _count_failure(user, now, f"bad password; {purpose}")
    return False


def failure_message():
    return _("Invalid user name or password, or the account is locked. "
             "Try again later or ask your IT administrator.")


def find_user(username):
    return db.session.scalar(
        select(User).where(func.lower(User.username) == (username or "").strip().lower()))


def authenticate(username, password):
    """Right password on an unlocked, active account signs in; failures count toward lockout.

    Returns the user or None. Failures are recorded, so the caller commits either way.
    Every answer costs one password check: an unknown name and a locked account check
    against a dummy hash, so neither answers faster than a real check (no user names by
    timing). An attempt is counted before its check (take_attempt), so guesses sent in
    parallel cannot get more checks than the threshold.
    """
    user = find_user(username)
    if user is None:
        passwords.verify_password(_dummy_hash(), password)
        audit.record("login.failure", username=(username or "")[:64], detail="unknown user")
        return None
    if not take_attempt(user):
        passwords.verify_password(_dummy_hash(), password)
        audit.record("login.failure", user=user, detail="locked")
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        locked = user.locked_until is not None and user.locked_until > utcnow()
        audit.record("login.failure", user=user,
                     detail="bad password; account locked" if locked else "bad password")
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    if user.totp_secret:
        # failures keep counting until the code is right: no free guesses per password
        audit.record("login.password", user=user, detail="second factor asked")
        return user
    _succeed(user)
    return user


def take_attempt(user):
    """The gate before a password check, under the account's row lock: refused while the
    account is locked; otherwise the attempt counts as a failure in advance (a right
    password clears the count), committed before the slow check so that a parallel
    guess sees it. Reaching the threshold locks the account for the back-off."""
    lock_row(user, key_share=True)
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        return False
    lockout.add_failure(user, now)
    db.session.commit()  # the count must be visible to parallel attempts before the check
    return True


def _succeed(user, detail=""):
    user.failed_logins = 0
    user.locked_until = None
    audit.record("login.success", user=user, detail=detail)


def second_factor(user, code):
    """After the right password, the right one-time code (once) completes the sign-in;
    wrong codes count toward lockout like wrong passwords. The caller commits."""
    now = utcnow()
    if user.locked_until and user.locked_until > now or not user.active:
        audit.record("login.failure", user=user, detail="locked")
        return False
    if not two_factor.check_code(user, code):
        _count_failure(user, now, "bad code")
        return False
    _succeed(user, "with second factor")
    return True


def pending_user(user_id, since):
    """The user between password and code, for a few minutes."""
    if not user_id or not since or utcnow().timestamp() - since > PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active and user.totp_secret else None


def count_failure(user, reason):
    """A wrong answer of a signed-in user, counted as at sign-in."""
    lockout.count_failure(user, reason)


def _count_failure(user, now, reason="bad password"):
    lockout.count_failure(user, reason, now)


_DUMMY = {}


def _dummy_hash():
    if "hash" not in _DUMMY:
        _DUMMY["hash"] = passwords.hash_password(secrets.token_urlsafe(16))
    return _DUMMY["hash"]


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user, ip=None, user_agent=None):
    """A new random session identifier for every sign-in; returns the raw token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(UserSession(token_hash=_digest(token), user_id=user.id, created_at=now,
                               last_seen_at=now, ip=ip, user_agent=(user_agent or "")[:200]))
    db.session.flush()
    return token


def end_session(token, reason="logout"):
    session_row = _session_row(token)
    if session_row is not None and session_row.ended_at is None:
        session_row.ended_at = utcnow()
        audit.record(reason, user=session_row.user)
        db.session.flush()


def end_other_sessions(user, keep_token, reason):
    """After a change of password or second factor, the user's other sessions end."""
    keep = _digest(keep_token) if keep_token else None
    rows = db.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None),
        UserSession.token_hash != keep)).all()
    now = utcnow()
    for row in rows:
        row.ended_at = now
    if rows:
        audit.record("session.end_others", user=user,
                     detail=f"{len(rows)} other session(s) ended after {reason}")
    db.session.flush()


def _session_row(token):
    if not token:
        return None
    return load_session_row(db.session(), _digest(token))


def resolve_session(token):
    """The live session for a token, or None once ended, idle too long or too old.

    Ending a timed-out session and noting activity (once a minute) are writes, made
    in a transaction of their own and committed here, before the request's own work.
    """
    session_row = _session_row(token)
    if session_row is None or session_row.ended_at is not None:
        return None
    config, now = current_app.config, utcnow()
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    expired = now - session_row.last_seen_at > idle or now - session_row.created_at > absolute
    if not expired and now - session_row.last_seen_at <= TOUCH_EVERY:
        return session_row
    start_writing(db.session)
    if expired:
        session_row.ended_at = now
        audit.record("session.timeout", user=session_row.user)
    else:
        session_row.last_seen_at = now
    try:
        db.session.commit()
    except OperationalError:
        # A full disk or an unavailable database must not turn every page into an error:
        # noting activity can wait; an expired session stays ended for this request.
        db.session.rollback()
        current_app.logger.warning("Could not record session activity", exc_info=True)
    return None if expired else session_row


def change_password(user, current, new, confirm):
    """The current password proves it is the owner (wrong ones count toward lockout);
    the new one must meet the policy; the user's API tokens are revoked."""
    from ..tokens.services import revoke_tokens_of

    if not confirm_password(user, current, "password change"):
        raise CountedFailure(_("Your current password is not right."), {"current": "wrong"})
    if new != confirm:
        raise WorkflowError(_("The two new passwords do not match."), {"confirm": "mismatch"})
    problems = passwords.policy_problems(new, user.username)
    if problems:
        raise WorkflowError(" ".join(problems), {"new": "policy"})
    user.password_hash = passwords.hash_password(new)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    audit.record("password.change", user=user)
    revoke_tokens_of(user, user, "a password change")
    db.session.flush()


def live_sessions_of(user):
    """The user's sessions that still work: not ended, not idle or past the absolute
    timeout; the newest first."""
    config, now = current_app.config, utcnow()
    idle_since = now - timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    made_since = now - timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    return db.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None),
        UserSession.last_seen_at > idle_since, UserSession.created_at > made_since)
        .order_by(UserSession.last_seen_at.desc())).all()


def end_own_session(user, session_id):
    """A user ends one of their own sessions (a lost phone, a shared computer); anyone
    else's is not found."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        raise NotFound(_("This page does not exist or you may not see it."))
    if row.ended_at is None:
        row.ended_at = utcnow()
        audit.record("session.end", user=user, detail=f"session {row.id} ended by its user")
        db.session.flush()


def is_this_session(row, token):
    return bool(token) and row.token_hash == _digest(token)
