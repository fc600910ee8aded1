"""Rate limits beyond sign-in: the API, per token (or per address without one).

The API blueprint applies it to every route with `api_limit(bp)`; one route can take
it as a decorator, `@api_limit`. The limit is EOFFICE_API_RATE_LIMIT ("120 per minute");
with several workers or hosts, EOFFICE_RATELIMIT_STORAGE must point at shared storage.
"""
import hashlib

from flask import current_app, request
from flask_limiter.util import get_remote_address

from .extensions import limiter


def _api_rate():
    return current_app.config["API_RATE_LIMIT"]


def api_client():
    """A bearer token's digest (each token has its own budget), else the client address."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer ") and header[7:].strip():
        return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]
    return "addr:" + get_remote_address()


api_limit = limiter.shared_limit(_api_rate, scope="api", key_func=api_client)
