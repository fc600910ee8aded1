"""The API blueprint: bearer tokens, no CSRF, a rate limit per token."""
from flask import Blueprint, current_app, request

from ..extensions import csrf, limiter
from ..i18n import gettext as _
from . import auth
from .errors import QueryTooLong

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookies are accepted here, so there is no cross-site request to forge
limiter.shared_limit(auth.rate_limit, scope="api", key_func=auth.rate_limit_key)(bp)


@bp.before_request
def allow_encoded_uploads():
    """Base64 makes attachments a third larger than the same upload through a page."""
    request.max_content_length = (current_app.config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024 * 4 // 3


MAX_QUERY_BYTES = 4096


@bp.before_request
def refuse_long_queries():
    """A query string over 4 KB answers 414 in JSON (gunicorn lets request lines of up to
    8 KB through, deploy/gunicorn.conf.py; nginx's own limit is 8 KB too)."""
    if len(request.query_string) > MAX_QUERY_BYTES:
        raise QueryTooLong(_("The query is too long: at most %(size)d bytes.", size=MAX_QUERY_BYTES))


bp.before_request(auth.authenticate)
bp.after_request(auth.challenge)
