"""Issued letters as signed PDFs: rendering, signing, delivery, public verification."""
from flask import Blueprint

bp = Blueprint("letters", __name__)

from . import delivery, routes, services  # noqa: E402,F401 - routes and job kinds


def register(app):
    from ..i18n import lazy_gettext as _l

    labels = {"queued": _l("queued"), "sent": _l("sent"), "failed": _l("failed")}
    app.jinja_env.globals["delivery_status"] = delivery.status
    app.jinja_env.globals["delivery_state_label"] = lambda state: labels.get(state, state)
