"""Adoption figures for the monthly report, taken from the dashboards' figures for the
district's subtree and the month; the report stores them as given in its frozen
snapshot (as [label, value] pairs, the label as its English msgid, so that each reader
sees it in their own language and not in the one of whoever submitted)."""

from ...dashboards.figures import adoption
from ...form_messages import N_
from ...i18n import gettext

ROWS = (
    ("e_files", N_("e-files opened")),
    ("physical_files", N_("Physical files opened")),
    ("e_file_share", N_("Electronic share of files")),
    ("e_receipts", N_("e-receipts diarised")),
    ("physical_receipts", N_("Physical receipts diarised")),
    ("e_receipt_share", N_("Electronic share of receipts")),
    ("movements", N_("File and receipt movements")),
    ("active_users", N_("Active users")),
    ("users_onboarded", N_("Users onboarded")),
    ("files_closed", N_("Files closed")),
    ("median_disposal_days", N_("Median days to dispose of a file")),
    ("overdue", N_("Overdue items")),
)
SHARES = ("e_file_share", "e_receipt_share")
# labels that reports submitted earlier kept, and what they name now ("movements" always
# counted the sends of receipts too)
RENAMED = {"File movements": "File and receipt movements"}


def _shown(key, value):
    if value is None:
        return "—"
    if key in SHARES:
        return f"{round(value * 100)}%"
    return value


def adoption_figures(unit, month_start, month_end):
    """e-Office adoption in the unit's subtree between the two dates, as [label, value]."""
    figures = adoption(unit, month_start, month_end)
    return [[label, _shown(key, figures.get(key))] for key, label in ROWS]


def translated(rows):
    """Stored [label, value] pairs with each label in the reader's language."""
    return [[gettext(RENAMED.get(label, label)), value] for label, value in rows]
