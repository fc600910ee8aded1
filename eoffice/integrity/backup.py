"""Online backups that are checked before they count, and restoring one.

SQLite: the backup API copies a consistent snapshot while the portal keeps writing (WAL
readers never block writers); the copy is checked with `PRAGMA integrity_check` and
every `verify` check. PostgreSQL: `pg_dump -Fc` reads a snapshot exported from our own
REPEATABLE READ transaction, and the checks run in that same transaction, so what was
checked is exactly what was dumped. The attachment store is copied after the database:
blobs are written before the rows naming them commit, so every blob the snapshot needs
is already there. A manifest holds the sha256 of every file; the folder gets its final
name only once all of this passed.
"""
import glob
import json
import os
import shutil
import sqlite3

# pg_dump and pg_restore run with fixed arguments and no shell
import subprocess  # nosec B404
import tempfile

from flask import current_app
from sqlalchemy import func, select, text

from .. import blobs
from ..clock import utcnow
from ..extensions import db
from ..models import Attachment, AuditEvent, EFile, Movement, Receipt
from . import anchors, keys
from .anchors import MANIFEST
from .checks import problems_of, run_checks

SQLITE_FILE = "eoffice.db"
DUMP_FILE = "eoffice.dump"
PREFIX = "eoffice-"
# format 2: the manifest is sealed with the audit key and carries the chain's anchor
MANIFEST_FORMAT = 2
MANIFEST_DOMAIN = b"backup manifest"


class BackupError(Exception):
    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


def make_backup(root, keep=None):
    """Back up database and attachments into a new folder under root; returns its path."""
    os.makedirs(root, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
    partial = os.path.join(root, f".partial-{PREFIX}{stamp}")
    os.makedirs(partial)
    if _dialect() == "sqlite":
        database_file, results, facts = _backup_sqlite(partial)
    else:
        database_file, results, facts = _backup_postgres(partial)
    problems = problems_of(results)
    if problems:
        failed = os.path.join(root, f"failed-{PREFIX}{stamp}")
        os.replace(partial, failed)
        raise BackupError(f"The backup in {failed} did not verify.", problems)
    os.sync()
    head = facts["audit_head"] or {"id": 0, "hash": None}
    anchor = anchors.make_anchor(head["id"], head["hash"], f"backup {PREFIX}{stamp}")
    manifest = anchors.seal_json(
        {"format": MANIFEST_FORMAT, "made_at": utcnow().isoformat() + "Z",
         "dialect": _dialect(), "database": database_file, "key_fingerprint": key_fingerprint(),
         "checks": [name for name, _problems in results], **facts, "anchor": anchor,
         "files": hash_files(partial)}, MANIFEST_DOMAIN)
    _write_json(os.path.join(partial, MANIFEST), manifest)
    final = os.path.join(root, f"{PREFIX}{stamp}")
    os.replace(partial, final)
    _fsync_dir(root)
    anchors.append(anchor)
    if keep:
        prune(root, keep)
    return final


def _dialect():
    return db.engine.dialect.name


def key_fingerprint():
    """Names the audit key without revealing it, so a restore can tell a different key."""
    return keys.fingerprint("AUDIT_KEY")


def facts():
    """What a backup holds, recorded in its manifest."""
    head = db.session.execute(select(AuditEvent.id, AuditEvent.hash)
                              .order_by(AuditEvent.id.desc()).limit(1)).first()
    counts = {name: db.session.scalar(select(func.count()).select_from(model)) for name, model in (
        ("audit_events", AuditEvent), ("movements", Movement), ("files", EFile),
        ("receipts", Receipt), ("attachments", Attachment))}
    revision = None
    if db.inspect(db.session.connection()).has_table("alembic_version"):
        revision = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    return {"audit_head": {"id": head.id, "hash": head.hash} if head else None,
            "counts": counts, "schema_revision": revision}


def _sqlite_path():
    path = db.engine.url.database
    if path in (None, "", ":memory:"):
        raise BackupError("An in-memory database cannot be backed up.")
    return path


def _backup_sqlite(partial):
    target = os.path.join(partial, SQLITE_FILE)
    copy_sqlite(_sqlite_path(), target)
    copy_blobs(blobs.blob_root(), os.path.join(partial, "blobs"))
    results, found = checks_on_sqlite_copy(target, partial)
    return SQLITE_FILE, results, found


def copy_sqlite(source, target):
    """One backup step: a consistent snapshot, however busy the source is."""
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()


def checks_on_sqlite_copy(path, instance):
    """integrity_check, then every verify check, on a scratch copy of a backed-up file."""
    with tempfile.TemporaryDirectory(prefix="eoffice-verify-") as scratch:
        copy = os.path.join(scratch, SQLITE_FILE)
        shutil.copyfile(path, copy)
        connection = sqlite3.connect(copy)
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
        integrity = [] if verdict == ["ok"] else [f"integrity_check: {line}" for line in verdict]
        results, found = _checks_in_app(f"sqlite:///{copy}", instance)
    return [("sqlite integrity", integrity), *results], found


def _checks_in_app(uri, instance):
    create_app = current_app.extensions["eoffice.create_app"]
    app = create_app("config.Config", **{**current_app.config, "SQLALCHEMY_DATABASE_URI": uri})
    app.instance_path = instance
    with app.app_context():
        try:
            return run_checks(anchored=False), facts()
        finally:
            db.session.remove()
            db.engine.dispose()


def _backup_postgres(partial):
    dump = os.path.join(partial, DUMP_FILE)
    db.session.commit()
    db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    snapshot = db.session.scalar(text("SELECT pg_export_snapshot()"))
    url, env = libpq_target()
    process = subprocess.Popen(  # nosec B603
        [pg_program("pg_dump"), "-Fc", f"--snapshot={snapshot}", "-f", dump, "-d", url],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        results, found = run_checks(anchored=False), facts()
        referenced = db.session.execute(select(Attachment.id, Attachment.sha256,
                                               Attachment.size)).all()
    finally:
        _out, errors = process.communicate()
        db.session.rollback()
    if process.returncode != 0:
        raise BackupError(f"pg_dump failed: {errors.decode(errors='replace').strip()}")
    copy_blobs(blobs.blob_root(), os.path.join(partial, "blobs"))
    listing = _run([pg_program("pg_restore"), "--list", dump], env)
    results.append(("dump archive", [] if listing.returncode == 0 else
                    [f"pg_restore --list: {listing.stderr.strip()}"]))
    results.append(("attachments in the backup",
                    _blob_problems(os.path.join(partial, "blobs"), referenced)))
    return DUMP_FILE, results, found


def _blob_problems(root, referenced):
    problems = []
    for attachment_id, sha256, size in referenced:
        path = os.path.join(root, sha256[:2], sha256)
        if not os.path.exists(path) or os.path.getsize(path) != size:
            problems.append(f"attachment {attachment_id}: blob {sha256} missing from the backup")
    return problems


def pg_program(name):
    """pg_dump/pg_restore: EOFFICE_PG_BIN, else the newest installed, else PATH."""
    folder = os.environ.get("EOFFICE_PG_BIN")
    if folder:
        return os.path.join(folder, name)
    installed = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                       key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return installed[-1] if installed else (shutil.which(name) or name)


def libpq_target(url=None):
    """A libpq URL without the password (that goes in PGPASSWORD, not on a command line)."""
    url = url or db.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command, env):
    return subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603


def copy_blobs(source, target):
    """Copy the content-addressed store; blobs never change, so a copy is a snapshot."""
    os.makedirs(target, exist_ok=True)
    if not os.path.isdir(source):
        return
    for folder in sorted(os.listdir(source)):
        if folder.startswith(".") or not os.path.isdir(os.path.join(source, folder)):
            continue
        os.makedirs(os.path.join(target, folder), exist_ok=True)
        for name in os.listdir(os.path.join(source, folder)):
            if not name.startswith("."):
                shutil.copy2(os.path.join(source, folder, name), os.path.join(target, folder, name))


def hash_files(folder):
    hashes = {}
    for parent, _dirs, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(parent, name)
            relative = os.path.relpath(path, folder)
            if relative != MANIFEST:
                hashes[relative] = blobs.sha256_of(path)
    return dict(sorted(hashes.items()))


def _write_json(path, data):
    with open(path, "w") as handle:
        json.dump(data, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def backups_in(root):
    return sorted(path for path in glob.glob(os.path.join(root, f"{PREFIX}*"))
                  if os.path.exists(os.path.join(path, MANIFEST)))


def prune(root, keep):
    """Keep the newest `keep` complete backups under root."""
    for path in backups_in(root)[:-keep]:
        shutil.rmtree(path)
