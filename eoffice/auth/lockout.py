"""The lockout: failures in a row hold an account back for a growing while.

Shared by the sign-in (eoffice.auth.services) and the second factor's changes
(eoffice.auth.two_factor), which count wrong answers the same way.
"""
from datetime import timedelta

from flask import current_app

from .. import audit
from ..clock import utcnow
from ..database import lock_row


def back_off(failures):
    """How long an account stays locked after `failures` failures in a row: nothing below
    the threshold, then EOFFICE_LOCKOUT_BACKOFF_SECONDS doubling with each further
    failure, never more than EOFFICE_LOCKOUT_MINUTES. Someone guessing from many
    addresses slows an account to a try every few minutes; they cannot shut it for the
    day, and its owner's right password clears the count."""
    config = current_app.config
    beyond = failures - config["LOCKOUT_THRESHOLD"]
    if beyond < 0:
        return None
    cap = config["LOCKOUT_MINUTES"] * 60
    return timedelta(seconds=min(cap, config["LOCKOUT_BACKOFF_SECONDS"] * 2 ** min(beyond, 20)))


def add_failure(user, now):
    user.failed_logins = (user.failed_logins or 0) + 1
    wait = back_off(user.failed_logins)
    if wait is not None:
        user.locked_until = now + wait


def count_failure(user, reason, now=None):
    """A wrong answer counted under the account's row lock (failures made meanwhile
    count too), and recorded."""
    now = now or utcnow()
    lock_row(user, key_share=True)
    add_failure(user, now)
    detail = f"{reason}; account locked" if user.locked_until and user.locked_until > now \
        else reason
    audit.record("login.failure", user=user, detail=detail)
