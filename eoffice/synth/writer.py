"""Bulk writes for the synthesiser: COPY on PostgreSQL, executemany on SQLite.

Rows are plain tuples in the order of the columns named; columns a table has beyond
those (added by later migrations) get their scalar default, or NULL. Values go through
the same SQLAlchemy type processors the app uses, so dates and booleans are stored
exactly as the ORM would store them.
"""
from contextlib import contextmanager

from sqlalchemy import func, select, text

from ..extensions import db
from ..integrity import seals

BATCH = 10_000
SQLITE_BULK_PRAGMAS = {"synchronous": "OFF", "cache_size": "-1000000", "temp_store": "MEMORY"}
SQLITE_RESTORED = {"synchronous": "FULL", "cache_size": "-2000", "temp_store": "DEFAULT"}


class BulkWriter:
    def __init__(self, connection):
        self.connection = connection
        self.dialect = connection.dialect
        self.postgres = self.dialect.name == "postgresql"
        self.next_ids = {}
        self.written = {}

    def next_id(self, table_name):
        """The next free primary key of a table; the caller hands out ids itself."""
        if table_name not in self.next_ids:
            table = db.metadata.tables[table_name]
            self.next_ids[table_name] = (self.connection.scalar(
                select(func.max(table.c.id))) or 0) + 1
        value = self.next_ids[table_name]
        self.next_ids[table_name] = value + 1
        return value

    def peek_id(self, table_name):
        value = self.next_id(table_name)
        self.next_ids[table_name] = value
        return value

    def write(self, table_name, columns, rows):
        """Insert an iterable of tuples, in batches; rows of sealed tables are sealed
        here, as the portal would have sealed them."""
        if table_name in seals.SEALED and "seal" not in columns:
            columns, rows = (*columns, "seal"), _sealed(table_name, columns, rows)
        table = db.metadata.tables[table_name]
        extra = [c for c in table.columns if c.name not in columns and not c.primary_key]
        names = list(columns) + [c.name for c in extra]
        filler = tuple(_default(c) for c in extra)
        processors = None if self.postgres else [
            table.c[name].type._cached_bind_processor(self.dialect) for name in names]
        batch = []
        for row in rows:
            batch.append(row + filler if filler else row)
            if len(batch) >= BATCH:
                self._flush(table_name, names, batch, processors)
                batch = []
        if batch:
            self._flush(table_name, names, batch, processors)

    def _flush(self, table_name, names, batch, processors):
        self.written[table_name] = self.written.get(table_name, 0) + len(batch)
        if self.postgres:
            cursor = self.connection.connection.driver_connection.cursor()
            quoted = ", ".join(f'"{name}"' for name in names)
            with cursor.copy(f'COPY "{table_name}" ({quoted}) FROM STDIN') as copy:
                for row in batch:
                    copy.write_row(row)
            return
        if any(processors):
            active = [(i, p) for i, p in enumerate(processors) if p is not None]
            batch = [_processed(row, active) for row in batch]
        quoted = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        self.connection.exec_driver_sql(
            f'INSERT INTO "{table_name}" ({quoted}) VALUES ({marks})', batch)

    def commit(self):
        self.connection.commit()

    def reset_sequences(self):
        """Sequences past the explicit ids written (PostgreSQL; SQLite needs nothing)."""
        if self.postgres:
            for table_name in self.written:
                if "id" in db.metadata.tables[table_name].c:
                    self.connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table_name}\"', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM \"{table_name}\"))"))
        self.connection.commit()

    def analyse(self):
        """Fresh planner statistics for the new data."""
        self.connection.commit()
        if self.postgres:
            autocommit = self.connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.exec_driver_sql("ANALYZE")
        else:
            self.connection.exec_driver_sql("ANALYZE")
            self.connection.commit()


def _sealed(table_name, columns, rows):
    place = {name: index for index, name in enumerate(columns)}
    key = seals.audit_key()
    for row in rows:
        yield (*row, seals.seal_values(
            table_name, lambda name: row[place[name]] if name in place else None, key))


def _processed(row, active):
    row = list(row)
    for index, processor in active:
        if row[index] is not None:
            row[index] = processor(row[index])
    return tuple(row)


def _default(column):
    default = column.default
    if default is not None and default.is_scalar:
        return default.arg
    if not column.nullable and column.server_default is None:
        raise RuntimeError(f"synth does not know what to put in {column.table.name}.{column.name}")
    return None


@contextmanager
def bulk_connection():
    """One connection for the whole load; on SQLite durability is relaxed while it lasts
    (the app's own connections keep their settings, and so does the database file)."""
    db.session.commit()
    connection = db.engine.connect()
    # pragmas go to the driver directly: outside a transaction, where SQLite honours them
    # (an in-memory test database shares one connection with the session: left alone)
    driver = connection.connection.driver_connection
    sqlite = connection.dialect.name == "sqlite" and not driver.in_transaction
    try:
        if sqlite:
            for name, value in SQLITE_BULK_PRAGMAS.items():
                driver.execute(f"PRAGMA {name}={value}")
        yield BulkWriter(connection)
    finally:
        connection.rollback()
        if sqlite:
            for name, value in SQLITE_RESTORED.items():
                driver.execute(f"PRAGMA {name}={value}")
        connection.close()
