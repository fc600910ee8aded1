"""Digital signatures on issued letters (PAdES, with pyHanko).

An office signs in one of three ways, chosen by configuration, never by the database:
- `pkcs11`: the officer's key sits in a PKCS#11 token (an HSM partition, SoftHSM2 in
  tests) labelled with their user name; the token PIN unlocks it.
- `pkcs12`: a PKCS#12 file per officer, `<signing folder>/<username>.p12`, whose
  passphrase the officer types.
- `password`: no certificates; the approval confirmed with the portal password is the
  signature, and the letter says it is not digitally signed.
`auto` (the default) signs with the officer's PKCS#12 file when there is one, and
falls back to `password` otherwise. Keys and PINs never reach the database: a PIN lives
for the one request that signs.
"""
import os
from contextlib import contextmanager
from io import BytesIO

from flask import current_app

from ..errors import WorkflowError
from ..i18n import gettext as _

MODES = ("auto", "pkcs11", "pkcs12", "password")


def signing_folder():
    return current_app.config.get("SIGNING_DIR") or os.path.join(current_app.instance_path, "signing")


def p12_path(user):
    return os.path.join(signing_folder(), f"{user.username}.p12")


def configured_mode(office):
    """The office's mode: its own line in EOFFICE_SIGNING_OFFICES, else EOFFICE_SIGNING_MODE."""
    config = current_app.config
    for entry in (config.get("SIGNING_OFFICES") or "").split(","):
        code, _sep, mode = entry.partition("=")
        if code.strip() == office.code and mode.strip() in MODES:
            return mode.strip()
    return config.get("SIGNING_MODE") or "auto"


def signing_mode(office, user):
    """How `user` signs letters of `office`: pkcs11, pkcs12 or password."""
    mode = configured_mode(office)
    if mode == "auto":
        return "pkcs12" if os.path.exists(p12_path(user)) else "password"
    return mode


def extra_chain():
    """Certificates to embed beside the signer's (the licensed CA's intermediates)."""
    from pyhanko.keys import load_certs_from_pemder

    path = current_app.config.get("SIGNING_CHAIN")
    return list(load_certs_from_pemder([path])) if path else []


def wrong_secret():
    return WorkflowError(_("The PIN or password is not correct; nothing was signed."),
                         {"secret": "invalid"})


@contextmanager
def open_signer(user, office, secret):
    """A pyHanko signer holding `user`'s key, unlocked with `secret`. A wrong PIN or
    password raises before anything is signed."""
    mode = signing_mode(office, user)
    if not secret:
        raise wrong_secret()
    if mode == "pkcs12":
        yield _pkcs12_signer(user, secret)
    elif mode == "pkcs11":
        with _pkcs11_signer(user, secret) as signer:
            yield signer
    else:
        raise WorkflowError(_("This office signs letters without certificates."))


def _pkcs12_signer(user, secret):
    from pyhanko.sign.signers import SimpleSigner

    try:
        with open(p12_path(user), "rb") as handle:
            data = handle.read()
    except OSError:
        raise WorkflowError(_("No signing certificate is installed for you; ask IT.")) from None
    try:
        return SimpleSigner.load_pkcs12_data(data, other_certs=extra_chain(),
                                             passphrase=secret.encode())
    except ValueError:
        raise wrong_secret() from None


@contextmanager
def _pkcs11_signer(user, secret):
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    config = current_app.config
    label = config["PKCS11_TOKEN_LABEL"].format(username=user.username)
    try:
        session = open_pkcs11_session(config["PKCS11_MODULE"], user_pin=secret,
                                      token_criteria=TokenCriteria(label=label))
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
        raise wrong_secret() from None
    except p11.PinLocked:
        raise WorkflowError(_("Your signing token is locked after wrong PINs; ask IT.")) from None
    except (p11.PKCS11Error, SigningError, OSError, RuntimeError):
        raise WorkflowError(_("Your signing token is not available; ask IT.")) from None
    try:
        # raw mechanism: the portal hashes, the token signs the digest (RSA PKCS#1 v1.5 or
        # ECDSA), which every token offers; SoftHSM2 has no combined ECDSA-SHA256
        yield PKCS11Signer(session, key_label=config["PKCS11_KEY_LABEL"],
                           cert_label=config["PKCS11_KEY_LABEL"], ca_chain=extra_chain(),
                           use_raw_mechanism=config.get("PKCS11_RAW_MECHANISM", True))
    finally:
        session.close()


def sign_pdf(pdf, signer, name, reason, location):
    """`pdf` with a PAdES (B-B) signature appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers import PdfSignatureMetadata
    from pyhanko.sign.signers import sign_pdf as pyhanko_sign

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    meta = PdfSignatureMetadata(field_name="Signature", subfilter=SigSeedSubFilter.PADES,
                                md_algorithm="sha256", name=name, reason=reason,
                                location=location)
    return pyhanko_sign(writer, meta, signer=signer).getvalue()


def signer_subject(signer):
    """The certificate's subject as people read it, and its SHA-256 fingerprint."""
    cert = signer.signing_cert
    return cert.subject.human_friendly, cert.sha256.hex()
