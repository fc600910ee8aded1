"""Search over files, receipts and final notes: one box in the header, /search for more."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from . import routes  # noqa: E402,F401
