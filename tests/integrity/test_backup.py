"""Backups taken while the portal writes restore to a database that verifies."""
import io
import json
import os
import threading
import time

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from werkzeug.datastructures import FileStorage

from eoffice import create_app
from eoffice.extensions import db
from eoffice.models import AuditEvent, Post, Receipt, User
from tests.conftest import POSTGRES, RequestClient
from tests.factories import PDF_BYTES, make_history, make_org, receipt_data


def writer_loop(app, stop, acked, limit=150):
    """Diarise a receipt with a scan and send it on, commit, repeat (bounded)."""
    from eoffice.dak.services import diarise
    from eoffice.movement import services

    with app.app_context():
        cru = db.session.scalar(select(User).filter_by(username="cru.srinagar"))
        cru_post = cru.current_posts()[0]
        so_post = db.session.scalar(select(Post).filter_by(label="SO (Gen) Srinagar"))
        for index in range(limit):
            if stop.is_set():
                break
            scan = FileStorage(io.BytesIO(PDF_BYTES + f"% loop {index}\n".encode()), "scan.pdf")
            receipt = diarise(cru, cru_post, receipt_data(subject=f"Loop {index}"), [scan])
            services.send(cru, receipt, [so_post.id])
            db.session.commit()
            acked.append(receipt.id)
        db.session.remove()


@pytest.fixture
def restore_target(tmp_path):
    """An empty database to restore into (a scratch PostgreSQL database in CI)."""
    if not POSTGRES:
        yield f"sqlite:///{tmp_path}/restored.db"
        return
    url = make_url(os.environ["EOFFICE_TEST_DATABASE_URL"])
    scratch = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    yield url.set(database=scratch).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


def restored_app(uri, instance):
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=uri)
    app.instance_path = str(instance)
    app.test_client_class = RequestClient
    return app


@pytest.mark.slow
def test_backup_during_writes_restores_and_verifies(shared_app, tmp_path, restore_target):
    org = make_org()
    make_history(org)
    stop, acked = threading.Event(), []
    writer = threading.Thread(target=writer_loop, args=(shared_app, stop, acked))
    writer.start()
    try:
        deadline = time.monotonic() + 20
        while len(acked) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        acked_before = list(acked)
        result = shared_app.test_cli_runner().invoke(
            args=["eoffice", "backup", str(tmp_path / "backups")])
        acked_during = len(acked) - len(acked_before)
    finally:
        stop.set()
        writer.join(60)
    assert result.exit_code == 0, result.output
    assert acked_before and acked_during > 0, "writes went on during the backup"
    path = result.output.strip().rsplit(" ", 1)[-1]
    manifest = json.load(open(os.path.join(path, "manifest.json")))
    assert manifest["counts"]["receipts"] >= len(acked_before) + 3
    assert any(name.startswith("blobs/") for name in manifest["files"])

    app = restored_app(restore_target, tmp_path / "restored")
    with app.app_context():
        runner = app.test_cli_runner()
        verified = runner.invoke(args=["eoffice", "verify-backup", path])
        assert verified.exit_code == 0, verified.output
        restored = runner.invoke(args=["eoffice", "restore", path])
        assert restored.exit_code == 0, restored.output
        assert "Restored database verified." in restored.output
        ids = set(db.session.scalars(select(Receipt.id)))
        assert set(acked_before) <= ids
        assert len(ids) == manifest["counts"]["receipts"]
        head = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert head.action == "backup.restore", "the restore is recorded, on top of the chain"
        assert head.prev_hash == manifest["audit_head"]["hash"]
        assert runner.invoke(args=["eoffice", "verify"]).exit_code == 0
        again = runner.invoke(args=["eoffice", "restore", path])
        assert again.exit_code == 1 and "already holds data" in again.output
        db.session.remove()
        db.engine.dispose()


def test_damaged_backup_is_refused(shared_app, tmp_path):
    org = make_org()
    make_history(org)
    runner = shared_app.test_cli_runner()
    result = runner.invoke(args=["eoffice", "backup", str(tmp_path / "b"), "--keep", "1"])
    assert result.exit_code == 0, result.output
    path = result.output.strip().rsplit(" ", 1)[-1]
    second = runner.invoke(args=["eoffice", "backup", str(tmp_path / "b"), "--keep", "1"])
    assert second.exit_code == 0
    assert not os.path.exists(path), "--keep 1 prunes the older backup"
    path = second.output.strip().rsplit(" ", 1)[-1]
    database = "eoffice.dump" if POSTGRES else "eoffice.db"
    with open(os.path.join(path, database), "r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00garbage\x00")
    result = runner.invoke(args=["eoffice", "verify-backup", path])
    assert result.exit_code == 1
    assert f"{database}: contents changed since the backup was made" in result.output
    result = runner.invoke(args=["eoffice", "restore", path, "--force"])
    assert result.exit_code == 1 and "damaged; nothing was restored" in result.output


def test_backup_sealed_with_another_key_is_not_restored(shared_app, tmp_path):
    make_org()
    runner = shared_app.test_cli_runner()
    path = runner.invoke(args=["eoffice", "backup", str(tmp_path / "b")]).output.strip().rsplit(" ", 1)[-1]
    shared_app.config["AUDIT_KEY"] = "another key"
    result = runner.invoke(args=["eoffice", "restore", path])
    assert result.exit_code == 1 and "another audit key" in result.output


def test_backup_of_a_broken_chain_fails(shared_app, tmp_path):
    from tests.integrity.tamper import forced

    org = make_org()
    make_history(org)
    forced("audit_event", "UPDATE audit_event SET detail = 'x' WHERE id = 2")
    result = shared_app.test_cli_runner().invoke(args=["eoffice", "backup", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "did not verify" in result.output and "audit event 2" in result.output
    assert not [p for p in os.listdir(tmp_path / "b") if p.startswith("eoffice-")]


def test_rehashed_manifest_is_refused(shared_app, tmp_path):
    """A record changed in the backup's copy, and the manifest's hashes recomputed to
    match: the manifest's seal (keyed) no longer does."""
    from eoffice.integrity.backup import hash_files

    org = make_org()
    make_history(org)
    runner = shared_app.test_cli_runner()
    path = runner.invoke(args=["eoffice", "backup", str(tmp_path / "b")]).output.strip().rsplit(" ", 1)[-1]
    manifest_path = os.path.join(path, "manifest.json")
    manifest = json.load(open(manifest_path))
    assert manifest["format"] == 2 and manifest["anchor"]["audit_id"] == manifest["audit_head"]["id"]
    assert open(shared_app.instance_path + "/anchors.log").read().strip().splitlines()[-1] == \
        json.dumps(manifest["anchor"], sort_keys=True), "the backup's anchor is in the log too"
    database = "eoffice.dump" if POSTGRES else "eoffice.db"
    with open(os.path.join(path, database), "ab") as handle:
        handle.write(b"\x00")
    manifest["files"] = hash_files(path)
    json.dump(manifest, open(manifest_path, "w"))
    result = runner.invoke(args=["eoffice", "verify-backup", path])
    assert result.exit_code == 1
    assert "manifest.json does not match its seal" in result.output
    result = runner.invoke(args=["eoffice", "restore", path, "--force"])
    assert result.exit_code == 1 and "damaged; nothing was restored" in result.output
    del manifest["seal"]
    manifest["format"] = 1
    json.dump(manifest, open(manifest_path, "w"))
    result = runner.invoke(args=["eoffice", "verify-backup", path])
    assert result.exit_code == 1 and "manifest.json is not sealed" in result.output


def test_verify_compares_with_a_backups_anchor(shared_app, tmp_path):
    """The backup's manifest is an anchor kept with the backup: events cut after it
    are found with `verify --anchors BACKUP`."""
    from tests.integrity.tamper import forced

    org = make_org()
    make_history(org)
    runner = shared_app.test_cli_runner()
    path = runner.invoke(args=["eoffice", "backup", str(tmp_path / "b")]).output.strip().rsplit(" ", 1)[-1]
    last = json.load(open(os.path.join(path, "manifest.json")))["anchor"]["audit_id"]
    forced("audit_event", "DELETE FROM audit_event WHERE id > :id", id=last - 2)
    os.unlink(os.path.join(shared_app.instance_path, "anchors.log"))  # gone from the server
    assert "ok    anchors" in runner.invoke(args=["eoffice", "verify"]).output, "none left here"
    result = runner.invoke(args=["eoffice", "verify", "--anchors", path])
    assert result.exit_code == 1
    assert f"audit events {last - 1}–{last} are missing" in result.output
