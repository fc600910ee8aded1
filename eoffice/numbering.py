"""Gap-free per-office numbers: diary numbers, file numbers, dispatch numbers.

A counter row is incremented with UPDATE ... RETURNING inside the caller's
transaction: PostgreSQL holds the row lock until commit, SQLite has one writer, so
two requests never get the same number and a rolled-back request leaves no gap.
"""
import re

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .errors import WorkflowError
from .extensions import db
from .i18n import gettext as _
from .models import Counter


def next_number(office, kind, scope):
    """The next value of the office's counter for kind and scope, starting at 1."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(insert(Counter).values(office_id=office.id, kind=kind, scope=scope,
                                              value=0).on_conflict_do_nothing())
    return db.session.execute(
        update(Counter)
        .where(Counter.office_id == office.id, Counter.kind == kind, Counter.scope == scope)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one()


def diary_number(office, year, serial, copy_no=0):
    number = f"{office.code}/{year}/{serial:05d}"
    return f"{number}-C{copy_no}" if copy_no else number


def dispatch_number(office, year, serial):
    return f"{office.code}/DSP/{year}/{serial:05d}"


def file_scope(office, head, year):
    """A file counter runs per head and year as far as the office's pattern shows them: a
    pattern without {head} (or {year}) numbers all heads (or years) in one series, so
    that no two files of the office get the same number."""
    pattern = office.file_number_pattern
    return "/".join((head if "{head}" in pattern else "*",
                     str(year) if "{year}" in pattern else "*"))


def file_number(office, section, head, serial, year):
    values = {"dept": office.department.code, "office": office.code,
              "section": section.code if section else "GEN", "head": head,
              "serial": f"{serial:04d}", "year": year}
    return office.file_number_pattern.format(**values)


def clean_head(head):
    head = re.sub(r"[^A-Za-z0-9-]", "", (head or "").upper())
    if not head:
        raise WorkflowError(_("Give a file head (letters and digits, e.g. EST or 12)."),
                            {"head": "required"})
    return head[:40]
