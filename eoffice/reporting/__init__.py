"""District reporting: proposals, workshops, IT readiness, problems, monthly reports."""
from flask import Blueprint

bp = Blueprint("reporting", __name__)

from .routes import monthly, overview, problems, proposals, readiness, workshops  # noqa: E402,F401
