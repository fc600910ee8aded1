"""The signed-in user's API tokens: make one (shown once), see them, revoke one."""
from flask import current_app, flash, render_template, request
from flask_login import current_user

from ..auth.routes import settle_refusal
from ..auth.services import confirm_password, wrong_password
from ..errors import WorkflowError
from ..extensions import db
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
    if request.method == "GET":
        return _page(form)
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        if not confirm_password(current_user, form.password.data, "token"):
            raise wrong_password()
        token, raw = services.create_personal_token(current_user, form.name.data)
    except WorkflowError as error:
        settle_refusal(error)
        return _page(form, status=422, error=error.message)
    db.session.commit()
    # shown in this answer only: never flashed, since the session cookie is not secret
    return _page(TokenForm(formdata=None), new_token=(token, raw), status=201)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke(token_id):
    form = RevokeForm()
    if form.validate_on_submit():
        token = services.find_token(token_id)
        services.revoke_token(token, owner=current_user)
        db.session.commit()
        flash(_("Token %(prefix)s… revoked; it no longer works.", prefix=token.prefix), "success")
    return redirect_to("tokens.index")
