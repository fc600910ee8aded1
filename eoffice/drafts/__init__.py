from flask import Blueprint

bp = Blueprint("drafts", __name__)

from . import routes  # noqa: E402,F401
