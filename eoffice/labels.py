"""Translated labels for stored codes: one place for forms and templates alike."""
from . import vocabulary
from .i18n import N_, gettext

GRADING = vocabulary.GRADINGS.labels
PRIORITY = vocabulary.PRIORITIES.labels
MODE = vocabulary.RECEIPT_MODES.labels
RECEIPT_CATEGORY = vocabulary.RECEIPT_CATEGORIES.labels
FILE_CATEGORY = vocabulary.FILE_CATEGORIES.labels
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

