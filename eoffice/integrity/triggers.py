"""Append-only tables enforced by the database itself, on SQLite and PostgreSQL.

One definition serves the models (`attach`, so `db.create_all()` in tests builds the
triggers too), migrations (`create`/`drop`) and `verify` (`missing`, which finds a
protective trigger dropped, disabled or rewritten). `when` limits the refusal to some
rows, e.g. `attach(Note.__table__, when="OLD.status = 'final'")` keeps drafts editable
while final notes stay as they are.

The back doors closed besides UPDATE and DELETE:
- SQLite `REPLACE`, `INSERT OR REPLACE` and `UPDATE OR REPLACE` delete the row they
  collide with without firing delete triggers (unless the connection turned on
  `recursive_triggers`), so an insert or update that would collide with a protected row
  on any unique key is refused before it runs. Upserts (`ON CONFLICT DO UPDATE`) are
  updates and refused as such.
- PostgreSQL `TRUNCATE` fires no row triggers: a statement trigger refuses it.
"""
from sqlalchemy import DDL, event, text

DIALECTS = ("sqlite", "postgresql")
ATTACHED = {}  # table name -> its `when` condition (None: every row), as the models attach them
KEYS = {}  # table name -> its unique keys (tuples of column names), as the models declare them
MESSAGE = "{table} is append-only; its rows cannot be changed or deleted"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION eoffice_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING
    MESSAGE = TG_TABLE_NAME || ' is append-only; its rows cannot be changed or deleted',
    ERRCODE = 'restrict_violation';
END
$$
"""
PG_FUNCTION_BODY = PG_FUNCTION.split("$$")[1]
ROW_TRIGGER_TYPE = 1 | 2 | 8 | 16  # pg_trigger.tgtype: ROW, BEFORE, DELETE, UPDATE
TRUNCATE_TRIGGER_TYPE = 2 | 32  # BEFORE, TRUNCATE (for each statement)


def trigger_names(dialect, table, when=None):
    if dialect == "postgresql":
        return [f"{table}_append_only", f"{table}_no_truncate"]
    return [f"{table}_no_update", f"{table}_no_delete", f"{table}_no_replace"] + (
        [f"{table}_no_replace_by_update"] if when else [])


def unique_keys(table):
    """Every set of columns a row can collide on: the primary key, unique constraints
    and unique columns (REPLACE deletes whichever row it collides with)."""
    keys = [tuple(column.name for column in table.primary_key.columns)]
    for constraint in table.constraints:
        names = tuple(column.name for column in getattr(constraint, "columns", ()))
        if names and type(constraint).__name__ == "UniqueConstraint" and names not in keys:
            keys.append(names)
    keys += [(column.name,) for column in table.columns
             if column.unique and (column.name,) not in keys]
    return keys


def statements(dialect, table, when=None, keys=(("id",),)):
    """DDL that makes `table` refuse UPDATE, DELETE, TRUNCATE and REPLACE (of rows
    matching `when`), whatever triggers of these names were there before."""
    if dialect == "postgresql":
        condition = f" WHEN ({when})" if when else ""
        return [PG_FUNCTION, *drop_statements(dialect, table),
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW{condition} EXECUTE FUNCTION eoffice_refuse_change()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION eoffice_refuse_change()"]
    if dialect == "sqlite":
        return [*drop_statements(dialect, table), *_sqlite_creates(table, when, keys)]
    raise ValueError(f"append-only triggers are not written for {dialect}")


def _sqlite_creates(table, when, keys):
    raise_ = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(table=table)}'); END"
    condition = f" WHEN {when}" if when else ""
    creates = [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
               f"FOR EACH ROW{condition} {raise_}" for verb in ("UPDATE", "DELETE")]
    # the protected row a new one would displace: `when` speaks of OLD, here of `kept`
    kept_condition = f" AND ({when.replace('OLD.', 'kept.')})" if when else ""
    collides = " OR ".join(
        "(" + " AND ".join(f"kept.{name} = NEW.{name}" for name in key) + ")" for key in keys)
    creates.append(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} FOR EACH ROW "
                   f"WHEN EXISTS (SELECT 1 FROM {table} AS kept WHERE ({collides})"
                   f"{kept_condition}) {raise_}")
    if when:  # an editable row updated OR REPLACE onto a protected one
        creates.append(f"CREATE TRIGGER {table}_no_replace_by_update BEFORE UPDATE ON {table} "
                       f"FOR EACH ROW WHEN EXISTS (SELECT 1 FROM {table} AS kept WHERE "
                       f"kept.rowid <> OLD.rowid AND ({collides}){kept_condition}) {raise_}")
    return creates


def drop_statements(dialect, table):
    names = trigger_names(dialect, table, when=True)
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name in names]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def attach(table, when=None):
    """Create the triggers whenever SQLAlchemy creates `table` (create_all)."""
    ATTACHED[table.name] = when
    KEYS[table.name] = unique_keys(table)
    for dialect in DIALECTS:
        for statement in statements(dialect, table.name, when, KEYS[table.name]):
            event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))


def create(op, table, when=None, keys=(("id",),)):
    """In a migration: `triggers.create(op, "note", when="OLD.status = 'final'")`."""
    for statement in statements(op.get_bind().dialect.name, table, when, keys):
        op.execute(statement)


def drop(op, table):
    for statement in drop_statements(op.get_bind().dialect.name, table):
        op.execute(statement)


def missing(connection):
    """Every protective trigger that is not in the database as the models attach it:
    dropped, disabled, or rewritten. One line per trigger; [] when all are in place."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        return _sqlite_missing(connection)
    return _postgres_missing(connection)


def _normal(sql):
    return " ".join((sql or "").split())


def _sqlite_missing(connection):
    found = dict(connection.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all())
    problems = []
    for table, when in sorted(ATTACHED.items()):
        for statement in _sqlite_creates(table, when, KEYS[table]):
            name = statement.split()[2]
            if name not in found:
                problems.append(f"trigger {name} on {table} is missing")
            elif _normal(found[name]) != _normal(statement):
                problems.append(f"trigger {name} on {table} was changed")
    return problems


def _postgres_missing(connection):
    problems = []
    # the portal's own schema only (search_path): others on the server are not ours
    body = connection.scalar(text("SELECT prosrc FROM pg_proc WHERE proname = "
                                  "'eoffice_refuse_change' AND pg_function_is_visible(oid)"))
    if body is None:
        problems.append("function eoffice_refuse_change() is missing")
    elif _normal(body) != _normal(PG_FUNCTION_BODY):
        problems.append("function eoffice_refuse_change() was changed")
    rows = connection.execute(text(
        "SELECT c.relname, t.tgname, t.tgenabled, t.tgtype, p.proname, "
        "pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal "
        "AND pg_table_is_visible(c.oid)")).all()
    found = {(row[0], row[1]): row[2:] for row in rows}
    for table, when in sorted(ATTACHED.items()):
        for name, kind, condition in ((f"{table}_append_only", ROW_TRIGGER_TYPE, when),
                                      (f"{table}_no_truncate", TRUNCATE_TRIGGER_TYPE, None)):
            if (table, name) not in found:
                problems.append(f"trigger {name} on {table} is missing")
                continue
            enabled, tgtype, function, definition = found[(table, name)]
            if enabled in ("D", "R"):  # disabled, or firing only for replication
                problems.append(f"trigger {name} on {table} is disabled")
            elif (tgtype != kind or function != "eoffice_refuse_change"
                  or ("WHEN" in definition) != bool(condition)
                  or (condition and _pg_condition(condition) not in definition)):
                problems.append(f"trigger {name} on {table} was changed")
    return problems


def _pg_condition(when):
    """How PostgreSQL prints our `OLD.column = 'value'` conditions back."""
    column, value = when.split("=", 1)
    column = column.strip().replace("OLD.", "old.")
    return f"(({column})::text = {value.strip()}::text)"
