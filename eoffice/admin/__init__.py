from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import org_routes, people_routes, routes  # noqa: E402,F401
