"""The signed-in user's second factor: turn it on with a code, or off with a code."""
from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user

from .. import policy
from ..extensions import limiter
from ..forms import press, refused, submit
from ..i18n import gettext as _
from . import services, two_factor
from .blueprint import bp
from .forms import ActionForm, TwoFactorForm
from .routes import login_limit


@bp.route("/account/two-factor", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def two_factor_page():
    """Turning the second factor on or off asks for the password and a code; wrong ones
    count toward the lockout, as at sign-in."""
    if not policy.can_use_two_factor(current_user):
        abort(404)
    form = TwoFactorForm()
    secret = None if current_user.totp_secret else two_factor.offered_secret(
        current_user, session.get("sid", ""))
    sent = submit(form, lambda: _change_second_factor(form, secret))
    if not sent.done:
        return _page(form, secret, error=sent.error, status=sent.status)
    flash(_("Two-step sign-in is on: from now on you will be asked for a code after your "
            "password.") if secret else _("Two-step sign-in is off."), "success")
    return redirect(url_for("auth.two_factor_page"), code=303)


def _change_second_factor(form, secret):
    if not services.confirm_password(current_user, form.password.data, "two-step change"):
        raise services.wrong_password()
    if secret:
        two_factor.enable(current_user, secret, form.code.data)
    else:
        two_factor.disable(current_user, form.code.data)
    services.end_other_sessions(current_user, session.get("sid"), "second factor change")


def _page(form, secret, error=None, status=200):
    uri = two_factor.provisioning_uri(current_user, secret) if secret else None
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) if secret else None
    return render_template("auth/two_factor.html", form=form, secret=grouped, uri=uri,
                           error=error), status


@bp.get("/account/sessions")
def sessions_page():
    """The user's signed-in sessions: device, address, when made and last seen."""
    rows = services.live_sessions_of(current_user)
    return render_template("auth/sessions.html", rows=rows, form=ActionForm(),
                           this=lambda row: services.is_this_session(row, session.get("sid")))


@bp.post("/account/sessions/<int:session_id>/end")
def end_session(session_id):
    form = ActionForm()
    sent = press(form, lambda: services.end_own_session(current_user, session_id))
    if not sent.done:
        return refused(form, sent)
    flash(_("That session has ended; it is signed out."), "success")
    return redirect(url_for("auth.sessions_page"), code=303)
