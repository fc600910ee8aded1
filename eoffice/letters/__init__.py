"""Issued letters as signed PDFs: rendering, signing, delivery, public verification."""
from . import delivery, doctor, routes, services  # noqa: F401 - routes, jobs, doctor checks
from .blueprint import bp  # noqa: F401


def register(app):
    from ..i18n import lazy_gettext as _l

    labels = {"queued": _l("queued"), "sent": _l("sent"), "failed": _l("failed")}
    letter_labels = {"rendering": _l("PDF being made"), "awaiting_signature": _l("awaits signature"),
                     "signed": _l("signed digitally"), "unsigned": _l("PDF, not signed digitally")}
    app.jinja_env.globals.update(
        delivery_status=delivery.status, letter_summaries=delivery.summaries,
        delivery_state_label=lambda state: labels.get(state, state),
        letter_state_label=lambda state: letter_labels.get(state, state))
