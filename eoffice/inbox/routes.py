from flask import redirect, render_template, url_for
from flask_login import current_user

from . import bp


@bp.get("/")
def home():
    return redirect(url_for("inbox.index"))


@bp.get("/inbox")
def index():
    return render_template("inbox/index.html", holdings=current_user.current_holdings())
