"""Bearer tokens: every API request names its token; cookies and sessions play no part.

`authenticate()` runs before each API view and sets `g.api_token` and `g.api_actor`
(the user the token acts as: its owner, or a service client's system account).
"""
from functools import wraps

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from ..errors import NotAllowed
from ..i18n import gettext as _
from ..tokens.services import resolve
from .errors import Unauthorized

PUBLIC = {"api.openapi"}
_CACHE = "eoffice.api_token"


def bearer_token():
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def request_token():
    """The live token of this request, or None; looked up once per request."""
    if _CACHE not in request.environ:
        request.environ[_CACHE] = resolve(bearer_token())
    return request.environ[_CACHE]


def authenticate():
    g.api_token = g.api_actor = None
    if request.endpoint in PUBLIC:
        return
    token = request_token()
    if token is None:
        raise Unauthorized(_("Send a valid API token: Authorization: Bearer <token>."))
    g.api_token, g.api_actor = token, token.user


def personal_only(view):
    """Service tokens create and read their own receipts; everything else needs a
    personal token (which acts with its user's permissions)."""
    @wraps(view)
    def guarded(*args, **kwargs):
        if g.api_token.is_service:
            raise NotAllowed(_("A service token may only create and read its own receipts."))
        return view(*args, **kwargs)
    return guarded


def rate_limit_key():
    token = request_token()
    return f"api-token:{token.id}" if token else f"api-addr:{get_remote_address()}"


def rate_limit():
    return current_app.config["API_RATE_LIMIT"]


def challenge(response):
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="eoffice"'
    return response
