"""The signed-in user's API tokens: make one (shown once), see them, revoke one."""
from flask import current_app, flash, render_template
from flask_login import current_user

from ..auth.services import confirm_password, wrong_password
from ..forms import press, refused, submit
from ..htmx import redirect_to
from ..i18n import gettext as _
from . import services
from .blueprint import bp
from .forms import RevokeForm, TokenForm


def _page(form, new_token=None, status=200, error=None):
    return render_template("tokens/index.html", form=form, new_token=new_token, error=error,
                           days=current_app.config["TOKEN_DAYS"],
                           tokens=services.tokens_of(current_user)), status


@bp.route("/tokens", methods=["GET", "POST"])
def index():
    form = TokenForm()
    sent = submit(form, lambda: _create_token(form))
    if not sent.done:
        return _page(form, status=sent.status, error=sent.error)
    token, raw = sent.result
    # shown in this answer only: never flashed, since the session cookie is not secret
    return _page(TokenForm(formdata=None), new_token=(token, raw), status=201)


def _create_token(form):
    if not confirm_password(current_user, form.password.data, "token"):
        raise wrong_password()
    return services.create_personal_token(current_user, form.name.data)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke(token_id):
    form = RevokeForm()
    sent = press(form, lambda: services.revoke_token(services.find_token(token_id),
                                                     owner=current_user).prefix)
    if not sent.done:
        return refused(form, sent)
    flash(_("Token %(prefix)s… revoked; it no longer works.", prefix=sent.result), "success")
    return redirect_to("tokens.index")
