"""Features of other areas the API serves once they are installed: search and the
adoption figures. Each is imported when first used;
without it the endpoint answers 404 `not_available`, like an unknown path.

Expected seams:
- `eoffice.search.services.search(user, q, filters, page, per_page)` -> a page with
  items (files/receipts, or hits with `.item` and `.snippet`), page, pages, total;
- `eoffice.dashboards.figures.adoption(unit, start, end) -> dict` and
  `eoffice.policy.can_view_dashboard(user, unit)`.
"""
import importlib

from flask_babel import gettext as _

from .. import policy
from .errors import NotAvailable


def _module(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def search(user, q, filters, page, per_page):
    module = _module("eoffice.search.services")
    if module is None:
        raise NotAvailable(_("This action is not available here."))
    return module.search(user, q, filters, page, per_page)


def adoption(user, unit, start, end):
    module = _module("eoffice.dashboards.figures")
    may_view = getattr(policy, "can_view_dashboard", None)
    if module is None or may_view is None:
        raise NotAvailable(_("This action is not available here."))
    if not may_view(user, unit):
        return None
    return module.adoption(unit, start, end)
