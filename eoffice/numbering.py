"""Gap-free per-office numbers: diary numbers, file numbers, dispatch numbers.

A counter row is incremented with UPDATE ... RETURNING inside the caller's
transaction: PostgreSQL holds the row lock until commit, SQLite has one writer, so
two requests never get the same number and a rolled-back request leaves no gap.
"""
import re

from sqlalchemy import bindparam, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .errors import WorkflowError
from .extensions import db
from .i18n import gettext as _
from .models import Counter


def _increment():
    return (update(Counter)
            .where(Counter.office_id == bindparam("of_office"),
                   Counter.kind == bindparam("of_kind"), Counter.scope == bindparam("of_scope"))
            .values(value=Counter.value + 1)
            .returning(Counter.value)
            .execution_options(synchronize_session=False))


INCREMENT = _increment()  # built once: building it cost more than running it
FIRST = {dialect: insert(Counter).values(office_id=bindparam("of_office"),
                                         kind=bindparam("of_kind"),
                                         scope=bindparam("of_scope"), value=0)
         .on_conflict_do_nothing()
         for dialect, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))}


def next_number(office, kind, scope):
    """The next value of the office's counter for kind and scope, starting at 1."""
    key = {"of_office": office.id, "of_kind": kind, "of_scope": scope}
    # on the session's connection: no ORM object holds a counter, so the ORM's handling of
    # an UPDATE (its bulk-update machinery) would only cost more than the statement itself
    connection = db.session.connection()
    value = connection.execute(INCREMENT, key).scalar()
    if value is None:  # the first of its kind and scope: make the row (once, even in a race)
        connection.execute(FIRST[connection.dialect.name], key)
        value = connection.execute(INCREMENT, key).scalar_one()
    return value


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
