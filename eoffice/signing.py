"""Signing: the one place where a signer confirms an act.

Today the signer confirms with their portal password, a stand-in for a digital
signature certificate (DSC) or Aadhaar eSign. A real signer replaces the body of
`sign()`: it receives the same payload, and whatever it returns is recorded as the
same `Signature` row (signer, post, time, hash of what was signed).
"""
import hashlib

from . import audit
from .auth.passwords import verify_password
from .clock import utcnow
from .errors import WorkflowError
from .extensions import db
from .i18n import gettext as _
from .models import Signature
from .models.signature import SIGNATURE_PURPOSES


def payload_hash(payload):
    data = payload.encode() if isinstance(payload, str) else bytes(payload)
    return hashlib.sha256(data).hexdigest()


def sign(user, password, payload, post=None, purpose="notes"):
    """The signer confirms with their password; records who signed which payload, as
    which post, and when. A wrong or missing password signs nothing (422)."""
    if purpose not in SIGNATURE_PURPOSES:
        raise ValueError(purpose)
    if not password or not verify_password(user.password_hash, password):
        raise WorkflowError(_("The password is not correct; nothing was signed."),
                            {"password": "invalid"})
    signature = Signature(user_id=user.id, post_id=post.id if post else None, purpose=purpose,
                          method="password", payload_sha256=payload_hash(payload),
                          signed_at=utcnow())
    db.session.add(signature)
    db.session.flush()
    audit.record("signature.sign", user=user, obj=signature, post=post,
                 detail=f"{purpose} {signature.payload_sha256}")
    return signature
