"""Changing rows behind the portal's back, as someone with database access could."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from eoffice.extensions import db
from eoffice.integrity import triggers


def refused(sql, **params):
    """The statement is refused by the append-only trigger."""
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(sql), params)
        db.session.flush()
    db.session.rollback()


def forced(table, sql, **params):
    """Drop the table's triggers, run the statement, put the same triggers back, commit."""
    dialect = db.engine.dialect.name
    for statement in triggers.drop_statements(dialect, table):
        db.session.execute(text(statement))
    result = db.session.execute(text(sql), params)
    for statement in triggers.statements(dialect, table, triggers.ATTACHED[table],
                                         triggers.KEYS[table]):
        db.session.execute(text(statement))
    db.session.commit()
    return result.rowcount


def verify(app):
    result = app.test_cli_runner().invoke(args=["eoffice", "verify"])
    return result.exit_code, result.output
