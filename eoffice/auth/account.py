"""The signed-in user's second factor: turn it on with a code, or off with a code."""
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from .. import policy
from ..errors import WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from . import services, two_factor
from .blueprint import bp
from .forms import CodeForm


@bp.route("/account/two-factor", methods=["GET", "POST"])
def two_factor_page():
    if not policy.can_use_two_factor(current_user):
        abort(404)
    form = CodeForm()
    secret = None if current_user.totp_secret else two_factor.offered_secret(
        current_user, session.get("sid", ""))
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return _page(form, secret, status=status)
    try:
        if secret:
            two_factor.enable(current_user, secret, form.code.data)
        else:
            two_factor.disable(current_user, form.code.data)
        services.end_other_sessions(current_user, session.get("sid"), "second factor change")
    except WorkflowError as error:
        db.session.rollback()
        return _page(form, secret, error=error.message, status=422)
    db.session.commit()
    flash(_("Two-step sign-in is on: from now on you will be asked for a code after your "
            "password.") if secret else _("Two-step sign-in is off."), "success")
    return redirect(url_for("auth.two_factor_page"), code=303)


def _page(form, secret, error=None, status=200):
    uri = two_factor.provisioning_uri(current_user, secret) if secret else None
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) if secret else None
    return render_template("auth/two_factor.html", form=form, secret=grouped, uri=uri,
                           error=error), status
