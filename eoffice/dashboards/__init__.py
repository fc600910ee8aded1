"""Adoption dashboards for the UT, divisions, districts, tehsils, blocks and offices."""
from flask import Blueprint

bp = Blueprint("dashboards", __name__)

from .cells import as_page, cell_kind  # noqa: E402

bp.add_app_template_filter(as_page, "cell")
bp.add_app_template_global(cell_kind)

from . import routes  # noqa: E402,F401
