from flask import Blueprint

bp = Blueprint("dak", __name__)

from . import routes, scans  # noqa: E402,F401
