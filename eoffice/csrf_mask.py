"""CSRF tokens masked afresh wherever they are written (BREACH).

Pages are gzip-compressed and reflect what users type (a search's `q`, a form sent
back with its errors). A secret repeated on every page, such as Flask-WTF's CSRF token
(constant for a session, apart from a timestamp), could then be guessed a byte at a
time from the compressed sizes of many requests. Each copy written into a page is the
token XORed with fresh random bytes, sent beside them; the server takes the mask off
before Flask-WTF checks the token as usual. Other secrets are never put in pages (API
tokens are shown once, on a page that reflects nothing).
"""
import base64
import binascii
import secrets

from flask_wtf.csrf import CSRFProtect, _FlaskFormCSRF, generate_csrf

PREFIX = "m."


def _xor(data, mask):
    """Byte by byte, as one integer (a page masks its token several times)."""
    return (int.from_bytes(data, "big") ^ int.from_bytes(mask, "big")).to_bytes(len(data), "big")


def mask(token):
    raw = token.encode()
    pad = secrets.token_bytes(len(raw))
    return PREFIX + base64.urlsafe_b64encode(pad + _xor(raw, pad)).decode().rstrip("=")


def unmask(value):
    """The token inside a masked value; anything else comes back unchanged, to fail
    Flask-WTF's check as it would have."""
    if not value or not value.startswith(PREFIX):
        return value
    body = value[len(PREFIX):]
    try:
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return value
    half = len(data) // 2
    if not half or len(data) % 2:
        return value
    try:
        return _xor(data[half:], data[:half]).decode("ascii")
    except UnicodeDecodeError:
        return value


def masked_csrf_token():
    """`csrf_token()` in templates: the session's token, masked afresh."""
    return mask(generate_csrf())


class MaskedFormCSRF(_FlaskFormCSRF):
    """Forms write their hidden token masked, and take the mask off a token they check."""

    def generate_csrf_token(self, csrf_token_field):
        return mask(super().generate_csrf_token(csrf_token_field))

    def validate_csrf_token(self, form, field):
        field.data = unmask(field.data)
        return super().validate_csrf_token(form, field)


class MaskedCSRFProtect(CSRFProtect):
    """Checks every POST as Flask-WTF does, after taking the mask off the token sent."""

    def _get_csrf_token(self):
        return unmask(super()._get_csrf_token())
