"""Orphaned blobs: bytes stored for an upload whose database row never committed.

A blob is written before its row, so a crash or a rejected form can leave one behind.
Only blobs older than the grace period are removed (an upload in flight is younger;
storing the same bytes again refreshes the blob's time), and the sweep holds the
database write lock (SQLite) and is itself recorded in the audit log.
"""
import os
import time

from sqlalchemy import select

from .. import audit, blobs
from ..database import lock_for_writing
from ..extensions import db
from ..models import Attachment, Scan


def find_orphans(grace_seconds, now=None):
    """[(path, size)] of unreferenced blobs and abandoned temporary files past the grace."""
    root = blobs.blob_root()
    if not os.path.isdir(root):
        return []
    now = now or time.time()
    referenced = set(db.session.scalars(select(Attachment.sha256).distinct())) | set(
        db.session.scalars(select(Scan.searchable_sha256).where(
            Scan.searchable_sha256.is_not(None))))
    orphans = []
    for folder in sorted(os.listdir(root)):
        folder_path = os.path.join(root, folder)
        if not os.path.isdir(folder_path):
            continue
        for name in sorted(os.listdir(folder_path)):
            path = os.path.join(folder_path, name)
            stat = os.stat(path)
            if name not in referenced and now - stat.st_mtime > grace_seconds:
                orphans.append((path, stat.st_size))
    return orphans


def sweep(grace_hours=24, dry_run=False):
    """Remove orphaned blobs older than the grace period; returns [(path, size)].

    On SQLite the sweep is the one writer from the look-up on, so no upload can commit
    a row naming a blob between the look-up and the removal.
    """
    if not dry_run:
        lock_for_writing(db.session)
    orphans = find_orphans(grace_hours * 3600)
    if dry_run or not orphans:
        db.session.rollback()
        return orphans
    for path, _size in orphans:
        os.unlink(path)
    audit.record("blob.sweep", detail=f"removed {len(orphans)} orphaned blob(s), "
                 f"{sum(size for _path, size in orphans)} bytes")
    db.session.commit()
    return orphans
