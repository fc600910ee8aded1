"""Table cells written for the page (localised numbers) and for CSV (plain numbers:
shares in per cent, UTF-8 with a byte-order mark so spreadsheets show Hindi and Urdu)."""
import csv
import io

from flask import make_response

from ..i18n import format_date, format_number
from ..i18n import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LTR_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"  # keep "+4" and "0–7" whole in Urdu pages


def isolated(text):
    return LTR_ISOLATE + text + POP_ISOLATE


def cell_kind(column, row):
    """A figures-table row says what its cells hold; other tables go by column."""
    if column.kind == "row":
        return row["kind"]
    if column.kind == "change":
        return "change_" + row["kind"]
    return column.kind


def as_csv(value, kind):
    if value is None:
        return ""
    if kind == "share":
        return f"{value * 100:.1f}"
    if kind == "change_share":
        return f"{value * 100:+.1f}"
    if kind in ("days", "decimal"):
        return f"{value:.2f}"
    if kind.startswith("change_"):
        return f"{value:+.2f}" if isinstance(value, float) else f"{value:+d}"
    if kind == "flag":
        return _("yes") if value else ""
    if kind == "date":
        return format_date(value)
    # the isolates keep "0–7" whole on Urdu pages; in a spreadsheet they are stray characters
    text = str(value).replace(LTR_ISOLATE, "").replace(POP_ISOLATE, "")
    return "'" + text if text.startswith(FORMULA_STARTS) else text  # never a formula


def as_page(value, kind):
    if value is None:
        return "—"
    if kind == "share":
        return f"{format_number(round(value * 100, 1))}%"
    if kind in ("days", "decimal"):
        return format_number(round(value, 1))
    if kind.startswith("change_"):
        sign = "+" if value > 0 else "−" if value < 0 else ""
        if kind == "change_share":
            return _("%(points)s points", points=isolated(sign + format_number(
                abs(round(value * 100, 1)))))
        return isolated(sign + format_number(abs(round(value, 1))))
    if kind == "flag":
        return _("Lagging") if value else ""
    if kind == "date":
        return format_date(value)
    if kind in ("int", "count"):
        return format_number(value)
    return value


def table_csv(table):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow([as_csv(row.get(column.key), cell_kind(column, row))
                         for column in table.columns])
    return "\ufeff" + out.getvalue()


def csv_response(table, filename):
    response = make_response(table_csv(table))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
