"""Search over files, receipts and final notes: one box in the header, /search for more.
`search.services.search` is the one entry point; `rebuild()` refills the index."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from . import routes  # noqa: E402,F401
from .sync import rebuild  # noqa: E402,F401
