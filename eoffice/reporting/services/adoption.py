"""Adoption figures for the monthly report, taken from the dashboards' figures for the
district's subtree and the month; the report stores them as given in its frozen
snapshot (as [label, value] pairs)."""

from ...dashboards.figures import adoption
from ...i18n import lazy_gettext as _l

ROWS = (
    ("e_files", _l("e-files opened")),
    ("physical_files", _l("Physical files opened")),
    ("e_file_share", _l("Electronic share of files")),
    ("e_receipts", _l("e-receipts diarised")),
    ("physical_receipts", _l("Physical receipts diarised")),
    ("e_receipt_share", _l("Electronic share of receipts")),
    ("movements", _l("File movements")),
    ("active_users", _l("Active users")),
    ("users_onboarded", _l("Users onboarded")),
    ("files_closed", _l("Files closed")),
    ("median_disposal_days", _l("Median days to dispose of a file")),
    ("overdue", _l("Overdue items")),
)
SHARES = ("e_file_share", "e_receipt_share")


def _shown(key, value):
    if value is None:
        return "—"
    if key in SHARES:
        return f"{round(value * 100)}%"
    return value


def adoption_figures(unit, month_start, month_end):
    """e-Office adoption in the unit's subtree between the two dates, as [label, value]."""
    figures = adoption(unit, month_start, month_end)
    return [[str(label), _shown(key, figures.get(key))] for key, label in ROWS]
