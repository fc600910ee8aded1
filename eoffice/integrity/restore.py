"""Checking a backup folder again, and bringing one back.

Restore into a stopped portal: the database is replaced whole (SQLite through the
backup API, PostgreSQL with pg_restore --clean in one transaction), missing attachment
blobs are copied back, and every verify check runs on the result.
"""
import json
import os
import sqlite3

from sqlalchemy import func, select

from .. import audit, blobs
from ..extensions import db
from ..models import OrgUnit
from . import anchors
from .backup import (
    DUMP_FILE,
    MANIFEST,
    MANIFEST_DOMAIN,
    MANIFEST_FORMAT,
    SQLITE_FILE,
    BackupError,
    _run,
    checks_on_sqlite_copy,
    key_fingerprint,
    libpq_target,
    pg_program,
)
from .checks import run_checks

UNSEALED = f"{MANIFEST} is not sealed"


def read_manifest(path):
    manifest_path = os.path.join(path, MANIFEST)
    if not os.path.exists(manifest_path):
        raise BackupError(f"{path} is not a complete backup: it has no {MANIFEST}.")
    with open(manifest_path) as handle:
        return json.load(handle)


def manifest_problems(path, manifest):
    """The manifest's seal, then every file against the hash the manifest gives it."""
    problems = []
    if manifest.get("format", 1) < MANIFEST_FORMAT or "seal" not in manifest:
        problems.append(f"{UNSEALED} (a backup made before manifests were sealed): nothing "
                        "vouches for its hashes; `restore --force` restores it all the same")
    elif not anchors.is_sealed(manifest, MANIFEST_DOMAIN):
        problems.append(f"{MANIFEST} does not match its seal: it was changed (or re-hashed) "
                        "after the backup was made")
    for relative, expected in manifest["files"].items():
        file_path = os.path.join(path, relative)
        if not os.path.exists(file_path):
            problems.append(f"{relative}: missing")
        elif blobs.sha256_of(file_path) != expected:
            problems.append(f"{relative}: contents changed since the backup was made")
        elif relative.startswith("blobs" + os.sep) and os.path.basename(relative) != expected:
            problems.append(f"{relative}: attachment does not match its name")
    return problems


def verify_backup(path):
    """[(check, problems)]: manifest, then (SQLite) integrity and every verify check on a
    copy, or (PostgreSQL) the archive's table of contents."""
    manifest = read_manifest(path)
    if manifest["key_fingerprint"] != key_fingerprint():
        return [("audit key", ["the backup was sealed with another audit key; set "
                               "EOFFICE_AUDIT_KEY (or instance/audit_key) to that key"])]
    results = [("manifest", manifest_problems(path, manifest))]
    if manifest["dialect"] == "sqlite":
        checks, found = checks_on_sqlite_copy(os.path.join(path, SQLITE_FILE), path)
        results.extend(checks)
        results.append(("backup's anchor", head_problems(manifest, found["audit_head"])))
    else:
        _url, env = libpq_target()
        listing = _run([pg_program("pg_restore"), "--list", os.path.join(path, DUMP_FILE)], env)
        results.append(("dump archive", [] if listing.returncode == 0 else
                        [listing.stderr.strip()]))
    return results


def restore_backup(path, force=False):
    """Replace the database and fill in the attachment store from a verified backup."""
    manifest = read_manifest(path)
    if manifest["key_fingerprint"] != key_fingerprint() and not force:
        raise BackupError("The backup was sealed with another audit key; set EOFFICE_AUDIT_KEY "
                          "(or instance/audit_key) to that key first.")
    problems = manifest_problems(path, manifest)
    if force:  # a backup from before manifests were sealed, restored knowingly
        problems = [problem for problem in problems if not problem.startswith(UNSEALED)]
    if problems:
        raise BackupError("The backup is damaged; nothing was restored.", problems)
    dialect = db.engine.dialect.name
    if manifest["dialect"] != dialect:
        raise BackupError(f"This is a {manifest['dialect']} backup; the portal uses {dialect}.")
    if not force and _has_data():
        raise BackupError("The database already holds data; restore into an empty one, "
                          "or pass --force to replace it.")
    db.session.remove()
    db.engine.dispose()
    if dialect == "sqlite":
        _restore_sqlite(os.path.join(path, SQLITE_FILE))
    else:
        _restore_postgres(os.path.join(path, DUMP_FILE))
    restored = restore_blobs(os.path.join(path, "blobs"), blobs.blob_root())
    # the anchor log names events the backup predates: compare with the backup's anchor
    results = run_checks(anchored=False)
    if "seal" in manifest:
        results.append(("backup's anchor", head_problems(manifest, _head())))
    audit.record("backup.restore", detail=f"restored from {os.path.basename(path)}")
    db.session.commit()
    anchors.anchor_now(f"restore from {os.path.basename(path)}")  # the log starts again here
    return restored, results


def _head():
    audit_id, audit_hash = anchors.head()
    return {"id": audit_id, "hash": audit_hash} if audit_id else None


def head_problems(manifest, audit_head):
    """The audit log in the backed-up database ends where the manifest's anchor says."""
    anchor = manifest.get("anchor")
    if not isinstance(anchor, dict) or not anchors.is_sealed(anchor):
        return ["the manifest carries no sealed anchor"]
    if (audit_head or {}).get("id", 0) != anchor["audit_id"] or (
            audit_head or {}).get("hash") != anchor["audit_hash"]:
        return [f"the audit log ends at event {(audit_head or {}).get('id', 0)}, but the "
                f"backup's anchor names event {anchor['audit_id']}"]
    return []


def _has_data():
    try:
        return bool(db.session.scalar(select(func.count()).select_from(OrgUnit)))
    except Exception:  # noqa: BLE001 - no tables yet: an empty database
        db.session.rollback()
        return False
    finally:
        db.session.rollback()


def _restore_sqlite(source):
    target = db.engine.url.database
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    finally:
        dst.close()
        src.close()


def _restore_postgres(dump):
    url, env = libpq_target()
    result = _run([pg_program("pg_restore"), "--clean", "--if-exists", "--no-owner",
                   "--no-privileges", "--single-transaction", "-d", url, dump], env)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def restore_blobs(source, target):
    """Copy back blobs the store lacks (each checked against its name); returns the count."""
    count = 0
    if not os.path.isdir(source):
        return count
    for folder in sorted(os.listdir(source)):
        for name in sorted(os.listdir(os.path.join(source, folder))):
            final = os.path.join(target, folder, name)
            if os.path.exists(final):
                continue
            with open(os.path.join(source, folder, name), "rb") as handle:
                data = handle.read()
            blobs.write_blob(final, data)
            count += 1
    return count
