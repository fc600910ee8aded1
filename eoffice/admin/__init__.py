from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import routes, org_routes, people_routes  # noqa: E402,F401
