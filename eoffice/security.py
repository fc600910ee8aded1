"""Sign-in required by default, the user loader, and security headers on every answer."""
from flask import current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

from .auth import passwords
from .clock import utcnow
from .extensions import login_manager
from .i18n import gettext as _

PUBLIC_ENDPOINTS = {"auth.login", "auth.login_code", "auth.set_language", "static",
                    "health.healthz", "letters.verify", "proxy.too_large"}
# what a user whose password has expired may still do
EXPIRED_PASSWORD_ENDPOINTS = {"auth.change_password", "auth.logout"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


API_PREFIX = "/api/"


class PortalSessionInterface(SecureCookieSessionInterface):
    """API requests carry no session: a cookie sent along is not even read, so nothing
    but the bearer token can authenticate them (and CSRF has nothing to ride on)."""

    def open_session(self, app, request):
        if request.path.startswith(API_PREFIX):
            return self.make_null_session(app)
        return super().open_session(app, request)


@login_manager.user_loader
def load_user(user_id):
    from .auth.services import resolve_session

    if request.path.startswith(API_PREFIX):
        return None

    session_row = resolve_session(session.get("sid"))
    if session_row is None or str(session_row.user_id) != str(user_id):
        return None
    return session_row.user if session_row.user.active else None


def require_sign_in():
    """Every route needs a signed-in user except the few listed as public."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if request.blueprint == "api":
        return None  # the API authenticates each request by bearer token
    if current_user.is_authenticated:
        return None
    session.pop("_user_id", None)
    return redirect(url_for("auth.login", next=request.full_path if request.method == "GET"
                            else None))


def require_current_password():
    """A password an IT admin chose, or (with rotation configured) an expired one, must
    be changed before anything else."""
    if request.endpoint in PUBLIC_ENDPOINTS | EXPIRED_PASSWORD_ENDPOINTS or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return None
    if current_user.must_change_password:
        flash(_("Your password was set by an IT administrator. Choose your own to go on."),
              "warning")
        return redirect(url_for("auth.change_password"), code=303)
    if passwords.expired(current_user, utcnow()):
        flash(_("Your password has expired. Choose a new one to go on."), "warning")
        return redirect(url_for("auth.change_password"), code=303)
    return None


SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")


def add_security_headers(response):
    """Each header unless the response set its own. (Werkzeug's `setdefault` and `in`
    raise and catch an HTTP exception for every absent name: seven a page.)"""
    headers = response.headers
    present = set(headers.keys(lower=True))
    wanted = SECURITY_HEADERS + ((HSTS,) if current_app.config["SESSION_COOKIE_SECURE"] else ())
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    return response


def register(app):
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    app.session_interface = PortalSessionInterface()
    app.before_request(require_sign_in)
    app.before_request(require_current_password)
    app.after_request(add_security_headers)
