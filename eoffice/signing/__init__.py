"""Signing: the one place where a signer confirms an act.

Acts inside the portal (sending notes, approving a draft) are confirmed with the
signer's portal password (`confirm()`, before any lock is taken): `sign()` records who signed which payload, as which post,
and when. A letter leaving the portal is signed digitally: `sign_pdf()` applies a PAdES
signature with the officer's key from a PKCS#11 token or PKCS#12 file
(`certificates.py`; offices without certificates stay with the password). Both record
the same `Signature` row.
"""
import hashlib

from .. import audit
from ..auth.services import confirm_password
from ..clock import utcnow
from ..errors import CountedFailure
from ..extensions import db
from ..i18n import gettext as _
from ..models import Signature
from ..models.signature import SIGNATURE_PURPOSES


def payload_hash(payload):
    data = payload.encode() if isinstance(payload, str) else bytes(payload)
    return hashlib.sha256(data).hexdigest()


class Confirmation:
    """What `confirm` gives back: this user's password was checked."""

    def __init__(self, user_id):
        self.user_id = user_id


def confirm(user, password):
    """The signer's password, checked before the transaction takes a lock (the file's
    row, SQLite's writer turn): an argon2id check takes a few hundred milliseconds of a
    core, and no other writer should wait behind it. A wrong or missing password signs
    nothing (422) and counts toward the account's lockout as a wrong password at sign-in
    does; a locked account signs nothing whatever it types."""
    if not confirm_password(user, password, "signing"):
        raise CountedFailure(_("The password is not correct; nothing was signed."),
                             {"password": "invalid"})
    return Confirmation(user.id)


def sign(user, confirmation, payload, post=None, purpose="notes"):
    """The signer, whose password `confirm` has checked, signs: records who signed which
    payload, as which post, and when."""
    if purpose not in SIGNATURE_PURPOSES:
        raise ValueError(purpose)
    if not isinstance(confirmation, Confirmation) or confirmation.user_id != user.id:
        raise ValueError("sign() needs the signer's own confirmation")
    signature = Signature(user_id=user.id, post_id=post.id if post else None, purpose=purpose,
                          method="password", payload_sha256=payload_hash(payload),
                          signed_at=utcnow())
    db.session.add(signature)
    db.session.flush()
    audit.record("signature.sign", user=user, obj=signature, post=post,
                 detail=f"{purpose} {signature.payload_sha256}")
    return signature


def sign_pdf(user, secret, pdf, office, post, reason):
    """The officer signs a PDF with the key their office's configuration names (PKCS#11
    token or PKCS#12 file), unlocked with `secret`, their PIN or password. Returns the
    signed PDF and the `Signature` row recording it; a wrong secret signs nothing (422)."""
    from . import certificates

    method = certificates.signing_mode(office, user)
    with certificates.open_signer(user, office, secret) as signer:
        signed = certificates.sign_pdf(pdf, signer, name=user.name, reason=reason,
                                       location=office.name)
        subject, fingerprint = certificates.signer_subject(signer)
    signature = Signature(user_id=user.id, post_id=post.id if post else None, purpose="letter",
                          method=method, payload_sha256=payload_hash(signed), signed_at=utcnow())
    db.session.add(signature)
    db.session.flush()
    audit.record("signature.sign", user=user, obj=signature, post=post,
                 detail=f"letter {signature.payload_sha256} certificate {fingerprint}")
    return signed, signature, subject, fingerprint
