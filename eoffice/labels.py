"""Translated labels for stored codes: one place for forms and templates alike."""
from . import vocabulary
from .i18n import N_, gettext, lazy_pgettext
from .i18n import lazy_gettext as _l

GRADING = vocabulary.GRADINGS.labels
PRIORITY = vocabulary.PRIORITIES.labels
MODE = {"post": lazy_pgettext("mail mode", "Post"), "hand": _l("By hand"), "email": _l("E-mail"),
        "eunnat": _l("e-UNNAT"), "electronic": _l("Electronic")}
RECEIPT_CATEGORY = {"general": _l("General"), "application": _l("Application"),
                    "complaint": _l("Complaint"), "court_case": _l("Court case"),
                    "government_order": _l("Government order"), "rti": _l("RTI"),
                    "representation": _l("Representation"), "other": _l("Other")}
FILE_CATEGORY = {"general": _l("General"), "establishment": _l("Establishment"),
                 "accounts": _l("Accounts"), "policy": _l("Policy"),
                 "court_case": _l("Court case"), "rti": _l("RTI"), "works": _l("Works"),
                 "other": _l("Other")}
ACTION = vocabulary.ACTIONS.labels
STATUS = vocabulary.STATUSES.labels


# Remarks the portal itself writes into the movement log: a movement keeps the key and
# its values and each reader sees them in their own language. Remarks typed by officials,
# and rows written before keys were kept, are shown as they were stored.
MOVEMENT_REMARK = {"put_in_file": N_("Put into file %(number)s"),
                   "receipt_put_in": N_("Receipt %(number)s put in"),
                   "copy_of": N_("Copy of %(number)s")}


def movement_remarks(movement):
    message = MOVEMENT_REMARK.get(movement.remark_key)
    if message is None:
        return movement.remarks or ""
    return gettext(message, **(movement.remark_args or {}))


def choices(labels, values=None):
    return [(value, labels[value]) for value in (values or labels)]


def label(labels, value):
    return labels.get(value, value)

