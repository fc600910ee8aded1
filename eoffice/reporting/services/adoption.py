"""Adoption figures for the monthly report, taken from the dashboards' figures for the
district's subtree and the month; the report stores them as given in its frozen
snapshot (as [label, value] pairs, the label as its English msgid, so that each reader
sees it in their own language and not in the one of whoever submitted).

Pendency has no history: the holder columns say where items are now, and the state at
a past month's end would need every item's last movement before it, however old. So
the overdue count is the one on the day the report is assembled (for a submitted
report, the day it was submitted), and its label names that day."""

from ...dashboards.figures import adoption
from ...i18n import N_, format_date, gettext

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
    ("overdue", N_("Overdue items on %(day)s")),
)
SHARES = ("e_file_share", "e_receipt_share")
# labels that reports submitted earlier kept, and what they name now ("movements" always
# counted the sends of receipts too; overdue items were always counted on the day the
# report was assembled)
RENAMED = {"File movements": "File and receipt movements",
           "Overdue items": "Overdue items on %(day)s"}
DAY = "%(day)s"


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


def translated(rows, assembled_on):
    """Stored [label, value] pairs with each label in the reader's language; a label
    that names a day names the office day the figures were assembled on."""
    day = format_date(assembled_on)
    result = []
    for label, value in rows:
        label = RENAMED.get(label, label)
        result.append([gettext(label, day=day) if DAY in label else gettext(label), value])
    return result
