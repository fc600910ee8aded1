from flask import Blueprint

from .cells import as_page, cell_kind

bp = Blueprint("dashboards", __name__)
bp.add_app_template_filter(as_page, "cell")
bp.add_app_template_global(cell_kind)
