from flask import Blueprint

bp = Blueprint("movement", __name__)

from . import routes  # noqa: E402,F401
