"""Optional second factor (TOTP, RFC 6238) for IT admins and oversight roles.

A user turns it on by typing a code from an authenticator app set up with the secret
shown; the secret offered is derived from the sign-in session, so nothing is stored
until the user proves the app works. Each code is accepted once.
"""
import base64
import hashlib
import hmac
from datetime import timezone

import pyotp
from flask import current_app

from .. import audit, policy
from ..clock import utcnow
from ..errors import CountedFailure, NotFound
from ..extensions import db
from ..i18n import gettext as _
from . import lockout


def offered_secret(user, session_token):
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"totp-enrol:{user.id}:{session_token}".encode(),
                      hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def provisioning_uri(user, secret):
    return pyotp.TOTP(secret).provisioning_uri(name=user.username,
                                               issuer_name=current_app.config["TOTP_ISSUER"])


def matching_step(secret, code):
    """The 30-second step (now, or one either side for clock drift) whose code this is."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow().replace(tzinfo=timezone.utc)
    step = totp.timecode(now)
    for candidate in (step, step - 1, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def check_code(user, code):
    """True for a right code not used before; remembers it so it cannot be replayed."""
    step = matching_step(user.totp_secret, code) if user.totp_secret else None
    if step is None or step <= (user.totp_last_step or -1):
        return False
    user.totp_last_step = step
    return True


def enable(user, secret, code):
    """An eligible user turns the second factor on by typing a code for the offered secret."""
    if not policy.can_use_two_factor(user):
        raise NotFound(_("This page does not exist or you may not see it."))
    step = matching_step(secret, code)
    if step is None:
        _count_wrong_code(user)
        raise CountedFailure(_("That code is not right. Check the time on your phone and "
                               "type the code now shown."), {"code": "wrong"})
    user.totp_secret = secret
    user.totp_last_step = step
    audit.record("totp.enable", user=user, obj=user)
    db.session.flush()


def disable(user, code):
    """The user turns it off with a current code."""
    if not check_code(user, code):
        _count_wrong_code(user)
        raise CountedFailure(_("That code is not right."), {"code": "wrong"})
    user.totp_secret = None
    user.totp_last_step = None
    audit.record("totp.disable", user=user, obj=user)
    db.session.flush()


def _count_wrong_code(user):
    lockout.count_failure(user, "bad code; two-step change")


def reset(user, detail):
    """IT staff remove a lost second factor (recorded); the user signs in with the password."""
    user.totp_secret = None
    user.totp_last_step = None
    audit.record("totp.reset", obj=user, username=user.username, detail=detail)
    db.session.flush()
