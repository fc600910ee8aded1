"""Is this server ready to serve? Each check is a function returning a Check, so
`/healthz` and the command line (`eoffice doctor`) ask the same questions.

A server can answer HTTP and still be unfit: the database reachable but without the
schema (every page then fails), migrations behind the code, an EOFFICE_INSTANCE that
points at a new empty folder (a new empty SQLite database), an attachment folder it
cannot write. Each check is cheap enough for a monitor's poll every few seconds: once
this process has seen its database at the code's newest migration, a poll asks it one
question (the recorded revision) instead of looking through the catalogue, and the
attachment store is asked by the file system (no file written per poll).
"""
import functools
import os
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "migrations")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def as_json(self):
        return {"ok": self.ok, "detail": self.detail}


def check_database():
    """The database answers a query."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except SQLAlchemyError as error:
        db.session.rollback()
        return Check("database", False, f"unavailable ({type(error).__name__})")
    return Check("database", True, db.engine.dialect.name)


@functools.cache
def migration_heads():
    """The newest revision(s) of the code's migrations (read once per process)."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory(MIGRATIONS).get_heads())


# databases (by URL) this process has seen at the code's newest migration: a revision
# only changes through `flask db upgrade/downgrade`, which the next poll's one query
# (the recorded revision) notices; anything else sends it back to the full look
_SEEN_AT_HEAD = set()


def check_migrations():
    """The database holds the schema, upgraded to the code's newest migration: a new
    empty database (a wrong DATABASE_URL or EOFFICE_INSTANCE) or one not yet upgraded
    is not ready, however well it answers."""
    from_migrations = current_app.config.get("SCHEMA_FROM_MIGRATIONS", True)
    url = db.engine.url.render_as_string()
    if from_migrations and url in _SEEN_AT_HEAD:
        if _recorded_revisions() == migration_heads():
            return Check("migrations", True, ", ".join(sorted(migration_heads())))
        _SEEN_AT_HEAD.discard(url)
    try:
        if not _has_table("user_account"):
            return Check("migrations", False, "the database has no schema: run `flask --app app "
                         "db upgrade` (or check DATABASE_URL and EOFFICE_INSTANCE)")
        if not from_migrations:
            return Check("migrations", True, "schema made from the models")
        if not _has_table("alembic_version"):
            return Check("migrations", False, "no migration recorded: run `flask --app app db upgrade`")
        current = frozenset(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError as error:
        return Check("migrations", False, f"cannot read the schema ({type(error).__name__})")
    finally:
        db.session.rollback()
    heads = migration_heads()
    if current != heads:
        return Check("migrations", False, f"database at {', '.join(sorted(current)) or 'nothing'}, "
                     f"code at {', '.join(sorted(heads))}: run `flask --app app db upgrade`")
    _SEEN_AT_HEAD.add(url)
    return Check("migrations", True, ", ".join(sorted(heads)))


def _recorded_revisions():
    """The revisions alembic_version records; None if it cannot be read (the table gone:
    the caller then looks at the catalogue to say what is wrong)."""
    try:
        return frozenset(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        return None
    finally:
        db.session.rollback()


def _has_table(name):
    """One catalogue lookup (not a failed query, which would end a PostgreSQL transaction)."""
    if db.engine.dialect.name == "sqlite":
        sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name"
    else:
        sql = "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() " \
              "AND tablename = :name"
    return bool(db.session.scalar(text(sql), {"name": name}))


def check_attachments():
    """The attachment store takes a new file (a read-only mount, wrong owner or full
    disk would refuse every upload)."""
    from .blobs import blob_root

    root = blob_root()
    try:
        os.makedirs(root, exist_ok=True)
        # access(2) answers EROFS for a read-only mount, even to root
        writable = os.access(root, os.W_OK | os.X_OK, effective_ids=os.access in
                             os.supports_effective_ids)
        free = os.statvfs(root)
    except OSError as error:
        return Check("attachments", False, f"{root} is not writable ({error.strerror})")
    if not writable:
        return Check("attachments", False, f"{root} is not writable (read-only or not ours)")
    if free.f_bavail == 0 or (free.f_files and free.f_favail == 0):
        return Check("attachments", False, f"{root} is not writable (the disk is full)")
    return Check("attachments", True, root)


def check_keys(schema_at_head=False):
    """This process has the keys the database's records were sealed with (a host with
    another audit key would write events no one can verify; eoffice.integrity.keys).
    `schema_at_head`: the migrations check found the schema, fingerprints' table and all."""
    from .integrity.keys import key_problems

    try:
        problems = key_problems(table_known=schema_at_head)
    except SQLAlchemyError as error:
        return Check("keys", False, f"cannot read the keys' fingerprints ({type(error).__name__})")
    finally:
        db.session.rollback()
    if problems:
        return Check("keys", False, " ".join(problems))
    return Check("keys", True, "the database's keys")


# what a server needs before it may serve; checks of the database's contents only run
# once it answers
READINESS_CHECKS = (check_database, check_migrations, check_attachments, check_keys)
NEEDS_DATABASE = {check_migrations, check_keys}


def readiness():
    """Every check's result, in order (the database's first)."""
    results = []
    for check in READINESS_CHECKS:
        if check in NEEDS_DATABASE and not results[0].ok:
            continue
        if check is check_keys:
            at_head = any(r.name == "migrations" and r.ok for r in results) and \
                current_app.config.get("SCHEMA_FROM_MIGRATIONS", True)
            results.append(check_keys(schema_at_head=at_head))
        else:
            results.append(check())
    return results
