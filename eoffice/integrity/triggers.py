"""Append-only tables enforced by the database itself, on SQLite and PostgreSQL.

One definition serves the models (`attach`, so `db.create_all()` in tests builds the
triggers too) and migrations (`create`/`drop`). `when` limits the refusal to some rows,
e.g. `attach(Note.__table__, when="OLD.status = 'final'")` keeps drafts editable while
final notes stay as they are. Row-level triggers do not fire on TRUNCATE, so test
clean-up still works; nothing in the application deletes or rewrites these rows.
"""
from sqlalchemy import DDL, event

DIALECTS = ("sqlite", "postgresql")
ATTACHED = {}  # table name -> its `when` condition (None: every row), as the models attach them

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


def trigger_names(dialect, table):
    if dialect == "postgresql":
        return [f"{table}_append_only"]
    return [f"{table}_no_update", f"{table}_no_delete"]


def statements(dialect, table, when=None):
    """DDL that makes `table` refuse UPDATE and DELETE (of rows matching `when`)."""
    if dialect == "postgresql":
        condition = f" WHEN ({when})" if when else ""
        return [PG_FUNCTION,
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW{condition} EXECUTE FUNCTION eoffice_refuse_change()"]
    if dialect == "sqlite":
        condition = f" WHEN {when}" if when else ""
        message = f"{table} is append-only; its rows cannot be changed or deleted"
        return [f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} "
                f"ON {table} FOR EACH ROW{condition} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                for verb in ("UPDATE", "DELETE")]
    raise ValueError(f"append-only triggers are not written for {dialect}")


def drop_statements(dialect, table):
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name in trigger_names(dialect, table)]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names(dialect, table)]


def attach(table, when=None):
    """Create the triggers whenever SQLAlchemy creates `table` (create_all)."""
    ATTACHED[table.name] = when
    for dialect in DIALECTS:
        for statement in statements(dialect, table.name, when):
            event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))


def create(op, table, when=None):
    """In a migration: `triggers.create(op, "note", when="OLD.status = 'final'")`."""
    for statement in statements(op.get_bind().dialect.name, table, when):
        op.execute(statement)


def drop(op, table):
    for statement in drop_statements(op.get_bind().dialect.name, table):
        op.execute(statement)
