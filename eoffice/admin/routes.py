from flask import abort, render_template

from .. import policy
from flask_login import current_user
from . import bp


@bp.before_request
def only_it_admins():
    if not policy.can_administer(current_user):
        abort(404)


@bp.get("/")
def index():
    return render_template("admin/index.html")
