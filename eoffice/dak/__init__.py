from flask import Blueprint

bp = Blueprint("dak", __name__)

from . import routes  # noqa: E402,F401
from . import scans  # noqa: E402,F401
