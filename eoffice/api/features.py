"""Features of other areas the API serves once they are installed: noting (issue 4),
search (issue 8) and the adoption figures (issue 5). Each is imported when first used;
without it the endpoint answers 404 `not_available`, like an unknown path.

Expected seams:
- `eoffice.notes.services.add_note(actor, efile, text) -> Note` and
  `notes_of(efile) -> [Note]` (Note: id, seq, status, body_html, author_name,
  designation, created_at, finalised_at);
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


def notes_available():
    return _module("eoffice.notes.services") is not None


def add_note(actor, efile, text):
    module = _module("eoffice.notes.services")
    if module is None:
        raise NotAvailable(_("This action is not available here."))
    return module.add_note(actor, efile, text)


def notes_of(efile):
    module = _module("eoffice.notes.services")
    return module.notes_of(efile) if module is not None else []


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
