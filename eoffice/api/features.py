"""Features of other areas the API serves once they are installed: search. Each is imported when first used;
without it the endpoint answers 404 `not_available`, like an unknown path.

Expected seams:
- `eoffice.search.services.search(user, q, filters, page, per_page)` -> a page with
  items (files/receipts, or hits with `.item` and `.snippet`), page, pages, total;
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
