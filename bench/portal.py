"""The portal as `gunicorn app:app` serves it, plus one page for the bench: a signed-in
page with an empty body. It passes through everything every portal page passes through
(session cookie, the server-side session and its user, posts and roles, sign-in and
password checks, locale, security headers) and does nothing else, so it shows what the
portal's own plumbing costs before a page starts its work.

    gunicorn bench.portal:app
"""
from flask_login import current_user

from app import app

from .pages import SIGNED_IN_EMPTY_PAGE


@app.get(SIGNED_IN_EMPTY_PAGE, endpoint="bench_signed_in")
def signed_in():
    return f"hello {current_user.username}"
