"""One dashboard: the figures of a scope for a period, laid out as tables.

Each table is data (columns and rows) rendered by the page and exported as CSV from
the same definition, so the two never disagree.
"""
from dataclasses import dataclass, field

from ..i18n import gettext as _
from ..names import name_in
from . import charts
from .cells import isolated
from .figures import BUCKETS, combine, gather, targets_for, top_pending_posts, weekly
from .periods import trend_weeks

LAG_MARGIN = 0.10  # ten percentage points below the unit's own electronic share


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # name, text, int, share, days, decimal, change, flag, date
    on_page: bool = True  # False: in the CSV only, to keep the page narrow


@dataclass
class Table:
    name: str  # its CSV name
    caption: str
    columns: list
    rows: list = field(default_factory=list)
    sort: str | None = None
    descending: bool = False

    @property
    def page_columns(self):
        return [column for column in self.columns if column.on_page]


def breakdown_columns(first_label):
    return [
        Column("name", first_label, "name"),
        Column("e_file_share", _("E-file share"), "share"),
        Column("e_files", _("E-files")),
        Column("physical_files", _("Physical files"), on_page=False),
        Column("e_receipt_share", _("E-receipt share"), "share"),
        Column("e_receipts", _("E-receipts")),
        Column("physical_receipts", _("Physical receipts"), on_page=False),
        Column("movements", _("Movements")),
        Column("active_users", _("Active users")),
        Column("users_onboarded", _("Onboarded")),
        Column("users_target", _("Users target"), on_page=False),
        Column("files_closed", _("Closed")),
        Column("median_disposal_days", _("Median days to close"), "days"),
        Column("avg_levels_per_closed_file", _("Posts per closed file"), "decimal", False),
        Column("pending", _("Pending")),
        Column("pending_30", _("Over 30 days")),
        Column("overdue", _("Overdue")),
        Column("lagging", _("Lagging"), "flag", False),
    ]


SORT_KEYS = ("name", "e_file_share", "e_files", "e_receipt_share", "e_receipts", "movements",
             "active_users", "users_onboarded", "files_closed", "median_disposal_days",
             "pending", "pending_30", "overdue")
DEFAULT_SORT = "e_file_share"


def figure_rows():
    """Headline figures: (key, label, kind) in page order."""
    return [
        ("e_files", _("E-files created"), "int"),
        ("physical_files", _("Physical files tracked (created)"), "int"),
        ("e_file_share", _("Electronic share of files"), "share"),
        ("e_receipts", _("E-receipts diarised"), "int"),
        ("physical_receipts", _("Physical receipts tracked (diarised)"), "int"),
        ("e_receipt_share", _("Electronic share of receipts"), "share"),
        ("movements", _("File and receipt movements"), "int"),
        ("active_users", _("Active users (acted in the period)"), "int"),
        ("users_onboarded", _("Users onboarded"), "int"),
        ("offices_onboarded", _("Offices onboarded"), "int"),
        ("files_closed", _("Files closed"), "int"),
        ("median_disposal_days", _("Median days from opening to closing"), "days"),
        ("avg_levels_per_closed_file", _("Posts a closed file passed through, on average "
                                         "(fewer is better)"), "decimal"),
    ]


def _change(now, before):
    if now is None or before is None:
        return None
    return now - before


def figures_table(now, before):
    table = Table("figures", _("Figures for the period"), [
        Column("label", _("Figure"), "text"), Column("now", _("This period"), "row"),
        Column("before", _("Previous period"), "row"), Column("change", _("Difference"), "change")])
    for key, label, kind in figure_rows():
        table.rows.append({"key": key, "label": label, "kind": kind, "now": now[key],
                           "before": before[key], "change": _change(now[key], before[key])})
    return table


def pendency_table(now):
    labels = {label: _("%(range)s days", range=isolated(label.replace("-", "–")))
              for label in BUCKETS[:-1]}
    labels["30+"] = _("over 30 days")
    table = Table("pendency", _("Open files and receipts by days with the present holder"),
                  [Column("label", _("Age"), "text"), Column("count", _("Items"))])
    table.rows = [{"label": labels[b], "count": now["pending_by_age"][b]} for b in BUCKETS]
    table.rows += [{"label": _("All pending"), "count": now["pending"], "total": True},
                   {"label": _("Overdue (past the due date)"), "count": now["overdue"]}]
    return table


def posts_table(facts):
    table = Table("posts", _("Posts with most pending items"), [
        Column("post", _("Post holding them"), "text"), Column("office", _("Office"), "text"),
        Column("pending", _("Pending")), Column("overdue", _("Overdue"))])
    table.rows = [{"post": name_in(post, "label"), "office": name_in(post.office),
                   "pending": pending,
                   "overdue": overdue} for post, pending, overdue in top_pending_posts(facts)]
    return table


def breakdown_table(name, caption, first_label, groups, facts, totals, targets, sort=None,
                    descending=False):
    table = Table(name, caption, breakdown_columns(first_label), sort=sort, descending=descending)
    for group in groups:
        row = combine(facts, group.office_ids)
        target = targets.get(group.unit.id) if group.unit is not None else None
        row.update(name=group.name, key=group.key, group=group.kind,
                   pending_30=row["pending_by_age"]["30+"],
                   users_target=target.users_target if target else None)
        row["lagging"] = is_lagging(row, totals)
        table.rows.append(row)
    if sort:
        sort_rows(table.rows, sort, descending)
    return table


def is_lagging(row, totals):
    """Flagged: nobody onboarded or nobody acted, or an electronic share ten points or
    more below the unit's own."""
    if not row["users_onboarded"] or not row["active_users"]:
        return True
    overall = totals["e_share"]
    return row["e_share"] is not None and overall is not None and \
        row["e_share"] <= overall - LAG_MARGIN


def sort_rows(rows, key, descending):
    """Sort in place; empty values last either way, names break ties."""
    present = [row for row in rows if row.get(key) is not None]
    missing = [row for row in rows if row.get(key) is None]
    present.sort(key=lambda row: row["name"].lower())
    present.sort(key=lambda row: row[key].lower() if isinstance(row[key], str) else row[key],
                 reverse=descending)
    rows[:] = present + sorted(missing, key=lambda row: row["name"].lower())


def targets_table(unit, now):
    table = Table("targets", _("Onboarding against targets"), [
        Column("label", _("Measure"), "text"), Column("onboarded", _("Onboarded")),
        Column("target", _("Target")), Column("progress", _("Share of target"), "share")])
    target = targets_for([unit]).get(unit.id)
    for label, done, aim in ((_("Offices"), now["offices_onboarded"],
                              target.offices_target if target else None),
                             (_("Users"), now["users_onboarded"],
                              target.users_target if target else None)):
        table.rows.append({"label": label, "onboarded": done, "target": aim,
                           "progress": round(done / aim, 4) if aim else None})
    return table


def trends_table(weeks):
    table = Table("trends", _("Week by week, the last 12 weeks"), [
        Column("start", _("Week from"), "date"), Column("e_files", _("E-files")),
        Column("physical_files", _("Physical files")),
        Column("e_file_share", _("E-file share"), "share"),
        Column("e_receipts", _("E-receipts")),
        Column("physical_receipts", _("Physical receipts")),
        Column("e_receipt_share", _("E-receipt share"), "share"),
        Column("movements", _("Movements")), Column("active_users", _("Active users")),
        Column("files_closed", _("Files closed"))])
    table.rows = weeks
    return table


@dataclass
class Board:
    scope: object
    period: object
    now: dict
    before: dict
    tables: dict
    charts: list

    def change(self, key):
        return _change(self.now[key], self.before[key])


def build(scope, period, sort=DEFAULT_SORT, descending=True):
    """Everything one dashboard page shows (or one CSV exports)."""
    offices = scope.offices()
    facts = gather(scope, period.start, period.end)
    now = combine(facts)
    before = combine(gather(scope, period.previous_start, period.previous_end,
                            by_office=False, with_pending=False))
    groups, outside = scope.breakdown(offices)
    units = [group.unit for group in groups if group.unit is not None]
    targets = targets_for(units)
    weeks = weekly(scope, trend_weeks(period.end))
    tables = {
        "figures": figures_table(now, before),
        "pendency": pendency_table(now),
        "posts": posts_table(facts),
        "trends": trends_table(weeks),
    }
    if scope.office is None:
        tables["ranking"] = breakdown_table(
            "ranking", _("Units one level down") if units else _("Offices"),
            _("Unit") if units else _("Office"), groups, facts, now, targets, sort, descending)
        if outside:
            tables["offices"] = breakdown_table("offices", _("Offices at this level"),
                                                _("Office"), outside, facts, now, {})
        departments = scope.departments(offices)
        if len(departments) > 1:
            tables["departments"] = breakdown_table("departments", _("Departments"),
                                                    _("Department"), departments, facts, now, {})
        if scope.department is None:
            tables["targets"] = targets_table(scope.unit, now)
    return Board(scope, period, now, before, tables, charts.trend_charts(weeks))
