"""Orphaned blobs (bytes whose row never committed) go; attached ones and fresh ones stay."""
import io
import os
import time

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from eoffice import blobs
from eoffice.extensions import db
from eoffice.models import AuditEvent
from tests.factories import PDF_BYTES, make_receipt


def store(app, data):
    sha256, _type, _size = blobs.store(FileStorage(io.BytesIO(data), "scan.pdf"), "scan.pdf")
    return blobs.blob_path(sha256)


def age(path, hours):
    past = time.time() - hours * 3600
    os.utime(path, (past, past))


def test_sweep_removes_only_old_orphans(app, org):
    receipt = make_receipt(org["users"]["cru.srinagar"],
                           uploads=[FileStorage(io.BytesIO(PDF_BYTES), "scan.pdf")])
    attached = blobs.blob_path(receipt.attachments[0].sha256)
    old_orphan = store(app, PDF_BYTES + b"% rejected form\n")
    young_orphan = store(app, PDF_BYTES + b"% upload in flight\n")
    stale_temp = os.path.join(os.path.dirname(old_orphan), ".upload-abandoned")
    open(stale_temp, "wb").write(b"half")
    for path in (attached, old_orphan, stale_temp):
        age(path, 48)
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["eoffice", "sweep-blobs", "--dry-run"])
    assert dry.exit_code == 0 and "2 orphaned blob(s)" in dry.output
    assert os.path.exists(old_orphan)

    result = runner.invoke(args=["eoffice", "sweep-blobs"])
    assert result.exit_code == 0, result.output
    assert not os.path.exists(old_orphan) and not os.path.exists(stale_temp)
    assert os.path.exists(attached) and os.path.exists(young_orphan)
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "blob.sweep" and event.detail.startswith("removed 2 orphaned")
    assert runner.invoke(args=["eoffice", "verify"]).exit_code == 0


def test_storing_known_bytes_again_makes_the_blob_young(app, org):
    path = store(app, PDF_BYTES + b"% twice\n")
    age(path, 48)
    store(app, PDF_BYTES + b"% twice\n")
    assert time.time() - os.path.getmtime(path) < 60
