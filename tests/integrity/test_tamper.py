"""Audit events, movements and final notes cannot be changed or deleted; forced changes
are reported."""
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from eoffice import audit, integrity
from eoffice.extensions import db
from eoffice.integrity import triggers
from eoffice.models import AuditEvent, EFile, Movement, Note
from eoffice.notes import services as notes
from tests.factories import make_file, make_history
from tests.integrity.tamper import forced, refused, verify
from tests.notes.test_noting import sign_and_send


@pytest.fixture
def history(org):
    return make_history(org)


@pytest.fixture
def noting(org):
    """Two final notes in a file sent on to the ADC, and a draft the ADC is writing."""
    users = org["users"]
    efile = make_file(users["so.srinagar"], subject="Noting under seal")
    for body in ("<p>Put up for orders.</p>", "<p>The report is placed below.</p>"):
        notes.add_note(users["so.srinagar"], efile, body)
    sign_and_send(users["so.srinagar"], efile, org["posts"]["adc"])
    draft = notes.add_note(users["adc.srinagar"], efile, "<p>Discussed.</p>")
    db.session.commit()
    return {"file": efile, "draft": draft}


APPEND_ONLY = {"audit_event": ("detail", ""), "movement": ("remarks", ""),
               "note": ("body_html", " AND status = 'final'")}


@pytest.mark.parametrize("table", sorted(APPEND_ONLY))
def test_rows_refuse_update_and_delete(history, noting, table):
    column, rows = APPEND_ONLY[table]
    row_id = db.session.scalar(text(f"SELECT min(id) FROM {table} WHERE 1 = 1{rows}"))
    refused(f"UPDATE {table} SET {column} = 'changed' WHERE id = :id", id=row_id)
    refused(f"DELETE FROM {table} WHERE id = :id", id=row_id)
    refused(f"DELETE FROM {table}")
    assert db.session.scalar(text(f"SELECT count(*) FROM {table} WHERE id = :id"),
                             {"id": row_id}) == 1


def test_draft_notes_stay_editable_and_final_notes_cannot_go_back(noting):
    draft = noting["draft"]
    db.session.execute(text("UPDATE note SET body_html = '<p>Seen.</p>' WHERE id = :id"),
                       {"id": draft.id})
    db.session.commit()
    refused("UPDATE note SET status = 'draft' WHERE status = 'final'")
    db.session.execute(text("DELETE FROM note WHERE id = :id"), {"id": draft.id})
    db.session.commit()
    assert db.session.scalar(text("SELECT count(*) FROM note WHERE status = 'final'")) == 2


def test_orm_changes_are_refused_too(history):
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).first()
    event.detail = "changed"
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()


def test_untouched_history_verifies(app, history):
    code, output = verify(app)
    assert code == 0, output
    assert "ok    audit chain" in output and "Everything verified." in output


def test_untouched_noting_verifies_and_a_changed_final_note_is_reported(app, noting):
    efile = noting["file"]
    code, output = verify(app)
    assert code == 0 and "ok    note chain" in output, output
    assert forced("note", "UPDATE note SET body_html = '<p>Forged.</p>' "
                  "WHERE efile_id = :f AND seq = 2", f=efile.id) == 1
    code, output = verify(app)
    assert code == 1 and "FAIL  note chain: 1 problem(s)" in output, output
    assert f"file {efile.file_no} (id {efile.id}): Paragraph 2 was changed" in output
    assert db.session.scalar(select(Note.status).where(Note.id == noting["draft"].id)) == "draft"


def test_changed_audit_event_is_reported(app, history):
    event_id = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id).offset(3))
    assert forced("audit_event", "UPDATE audit_event SET detail = 'nothing happened' "
                  "WHERE id = :id", id=event_id) == 1
    code, output = verify(app)
    assert code == 1
    assert f"audit event {event_id}: contents do not match its seal" in output


def test_deleted_audit_event_is_reported(app, history):
    ids = db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    forced("audit_event", "DELETE FROM audit_event WHERE id = :id", id=ids[5])
    code, output = verify(app)
    assert code == 1
    assert f"audit event {ids[6]}: previous hash does not match" in output


def test_rewritten_chain_without_the_key_is_reported(app, history):
    """Re-sealing needs the key, which is not in the database."""
    app.config["AUDIT_KEY"] = "a key an intruder guessed"
    last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    forged = audit._seal(last)  # sealed with the guessed key
    app.config["AUDIT_KEY"] = "test-audit-key-not-for-production"
    assert forged != audit._seal(last)
    forced("audit_event", "UPDATE audit_event SET hash = :h WHERE id = :id",
           h=forged, id=last.id)
    code, output = verify(app)
    assert code == 1 and f"audit event {last.id}" in output


def test_changed_movement_is_reported(app, org, history):
    efile = history["kept"]
    send = db.session.scalar(select(Movement).where(Movement.efile_id == efile.id,
                                                    Movement.action == "send"))
    forced("movement", "UPDATE movement SET to_post_id = :post WHERE id = :id",
           post=org["posts"]["tehsildar"].id, id=send.id)
    code, output = verify(app)
    assert code == 1
    assert f"movement {send.id} does not match its audit event" in output
    assert "destination or remarks" in output
    assert f"file {efile.file_no} (id {efile.id}): holder is post {org['posts']['dc'].id} " \
           f"but the movement log puts it with post {org['posts']['tehsildar'].id}" in output


def test_deleted_movement_is_reported(app, history):
    pulled = history["pulled"]
    last = db.session.scalar(select(Movement.id).where(Movement.receipt_id == pulled.id)
                             .order_by(Movement.id.desc()))
    forced("movement", "DELETE FROM movement WHERE id = :id", id=last)
    code, output = verify(app)
    assert code == 1
    assert f"receipt {pulled.diary_no} (id {pulled.id}): 2 movements but 3 audit events" in output
    assert "holder is post" in output


def test_holder_changed_behind_the_log_is_reported(app, org, history):
    efile = history["filed"]
    db.session.execute(text("UPDATE efile SET holder_post_id = :post, status = 'closed' "
                            "WHERE id = :id"), {"post": org["posts"]["dc"].id, "id": efile.id})
    db.session.commit()
    code, output = verify(app)
    assert code == 1
    assert f"file {efile.file_no} (id {efile.id}): holder is post {org['posts']['dc'].id}" in output
    assert "status is 'closed' but the movement log says 'active'" in output


def test_item_without_a_movement_is_reported(app, org):
    from tests.factories import make_file

    efile = make_file(org["users"]["so.srinagar"])
    forced("movement", "DELETE FROM movement WHERE efile_id = :id", id=efile.id)
    forced("audit_event", "DELETE FROM audit_event WHERE object_type = 'EFile'")
    code, output = verify(app)
    assert code == 1
    assert f"(id {efile.id}): no movement recorded, not even its creation" in output


@pytest.fixture
def probe_table(app):
    """A stand-in for the note table: drafts editable, final rows frozen."""
    dialect = db.engine.dialect.name
    db.session.execute(text("CREATE TABLE probe_note (id INTEGER PRIMARY KEY, "
                            "status VARCHAR(8) NOT NULL, body TEXT)"))
    for statement in triggers.statements(dialect, "probe_note", when="OLD.status = 'final'"):
        db.session.execute(text(statement))
    db.session.commit()
    yield
    db.session.rollback()
    db.session.execute(text("DROP TABLE probe_note"))
    db.session.commit()


def test_condition_freezes_only_final_rows(probe_table):
    db.session.execute(text("INSERT INTO probe_note VALUES (1, 'draft', 'a'), (2, 'final', 'b')"))
    db.session.execute(text("UPDATE probe_note SET body = 'a2' WHERE id = 1"))
    db.session.execute(text("UPDATE probe_note SET status = 'final' WHERE id = 1"))
    db.session.commit()
    for row_id in (1, 2):
        refused("UPDATE probe_note SET body = 'x' WHERE id = :id", id=row_id)
        refused("DELETE FROM probe_note WHERE id = :id", id=row_id)
    db.session.execute(text("INSERT INTO probe_note VALUES (3, 'draft', 'c')"))
    db.session.execute(text("DELETE FROM probe_note WHERE id = 3"))
    db.session.commit()
    assert db.session.scalar(text("SELECT count(*) FROM probe_note")) == 2


def test_registered_file_checks_run_for_every_file(app, history, monkeypatch):
    monkeypatch.setattr(integrity, "FILE_CHECKS", {})
    kept = history["kept"]
    integrity.register_file_check(
        "note chain", lambda efile: ["note 3 seal broken"] if efile.id == kept.id else [])
    integrity.register_file_check("always fine", lambda efile: True)
    code, output = verify(app)
    assert code == 1
    assert "FAIL  note chain: 1 problem(s)" in output
    assert f"file {kept.file_no} (id {kept.id}): note 3 seal broken" in output
    assert "ok    always fine" in output
    monkeypatch.setattr(integrity, "FILE_CHECKS", {"raising": lambda efile: 1 / 0})
    code, output = verify(app)
    assert code == 1 and "raising could not be checked (ZeroDivisionError" in output
    assert db.session.scalar(select(EFile.id).limit(1))
