"""Records rewritten from SQL by an insider with the database (but not the audit key):
each attack is reported by `verify`, naming the item, and honest data still verifies."""
import io
import json
import os

import pytest
from sqlalchemy import select, text
from werkzeug.datastructures import FileStorage

from eoffice import blobs
from eoffice.extensions import db
from eoffice.integrity import anchors
from eoffice.models import Attachment, AuditEvent, Movement, Note, Office, Receipt, Signature
from eoffice.notes import services as notes
from tests.conftest import POSTGRES, login
from tests.factories import PDF_BYTES, make_file, make_history, make_receipt
from tests.integrity.tamper import forced, verify
from tests.notes.test_noting import sign_and_send


@pytest.fixture
def noting(org):
    users = org["users"]
    efile = make_file(users["so.srinagar"], subject="Sanction of works")
    for body in ("<p>Put up for orders.</p>", "<p>Approve Rs 10,000.</p>",
                 "<p>Funds are available.</p>"):
        notes.add_note(users["so.srinagar"], efile, body)
    sign_and_send(users["so.srinagar"], efile, org["posts"]["adc"])
    return efile


def test_honest_records_verify_with_every_seal_checked(app, org, noting):
    make_history(org)
    code, output = verify(app)
    assert code == 0, output
    for table in ("efile", "receipt", "note", "movement", "signature", "attachment"):
        assert f"ok    seals: {table}" in output
    assert "ok    signed notes" in output and "ok    anchors" in output


def test_forged_note_with_recomputed_hashes_is_reported(app, noting):
    """Rs 10,000 becomes Rs 90,000; the plain hash chain is recomputed from there on."""
    finals = db.session.scalars(select(Note).where(Note.efile_id == noting.id)
                                .order_by(Note.seq)).all()
    forged, prev = finals[1], finals[0].hash
    forged.body_html = "<p>Approve Rs 90,000.</p>"
    chain = []
    for note in finals[1:]:
        note.prev_hash = prev
        prev = notes.note_hash(note)
        chain.append((note.id, note.body_html, note.prev_hash, prev))
    db.session.expunge_all()
    for note_id, body, prev_hash, new_hash in chain:
        forced("note", "UPDATE note SET body_html = :b, prev_hash = :p, hash = :h "
               "WHERE id = :id", b=body, p=prev_hash, h=new_hash, id=note_id)
    code, output = verify(app)
    assert code == 1
    assert "ok    note chain" in output, "the plain chain alone is fooled"
    assert f"note {forged.id} (file id {noting.id}, paragraph 2): changed outside the " \
           "portal (does not match its seal)" in output
    assert f"file id {noting.id}, paragraph(s) 1, 2, 3: the final notes are not what " \
           "signature" in output


def test_changed_grading_is_reported(app, org):
    receipt = make_receipt(org["users"]["cru.srinagar"], grading="confidential",
                           subject="Vigilance report")
    db.session.execute(text("UPDATE receipt SET grading = 'normal' WHERE id = :id"),
                       {"id": receipt.id})
    db.session.commit()
    code, output = verify(app)
    assert code == 1 and "FAIL  seals: receipt: 1 problem(s)" in output
    assert f"receipt {receipt.diary_no} (id {receipt.id}): changed outside the portal" in output


@pytest.mark.parametrize("column, value", [("subject", "Another subject"),
                                           ("is_electronic", False), ("office_id", None),
                                           ("status", "closed")])
def test_changed_cover_of_a_file_is_reported(app, org, column, value):
    efile = make_file(org["users"]["so.srinagar"])
    if column == "office_id":  # moved to another office's register
        value = db.session.scalar(select(Office.id).where(Office.id != efile.office_id))
    db.session.execute(text(f"UPDATE efile SET {column} = :v WHERE id = :id"),
                       {"v": value, "id": efile.id})
    db.session.commit()
    code, output = verify(app)
    assert code == 1 and f"file {efile.file_no} (id {efile.id}): changed outside" in output


def test_changed_signature_and_movement_are_reported(app, org, noting):
    signature = db.session.scalar(select(Signature))
    forced("signature", "UPDATE signature SET user_id = :u WHERE id = :id",
           u=org["users"]["dc.srinagar"].id, id=signature.id)
    send = db.session.scalar(select(Movement.id).where(Movement.action == "send"))
    forced("movement", "UPDATE movement SET due_on = '2030-01-01' WHERE id = :id", id=send)
    code, output = verify(app)
    assert code == 1
    assert f"signature {signature.id}: changed outside the portal" in output
    assert f"movement {send}: changed outside the portal" in output


def scan(data=PDF_BYTES):
    return FileStorage(io.BytesIO(data), "scan.pdf", content_type="application/pdf")


def test_changed_attachment_bytes_are_reported_and_not_served(app, client, org):
    receipt = make_receipt(org["users"]["cru.srinagar"], uploads=[scan()])
    attachment = db.session.scalar(select(Attachment).where(Attachment.receipt_id == receipt.id))
    path = blobs.blob_path(attachment.sha256)
    with open(path, "r+b") as handle:  # the same size, other bytes
        handle.seek(len(PDF_BYTES) - 8)
        handle.write(b"Rs 9000\n")
    assert os.path.getsize(path) == attachment.size
    code, output = verify(app)
    assert code == 1
    assert f"attachment {attachment.id}: blob {attachment.sha256} was changed" in output

    login(client, "cru.srinagar")
    url = f"/receipts/{receipt.id}/attachments/{attachment.id}"
    response = client.get(url)
    assert response.status_code == 409
    assert b"is not the file that was uploaded" in response.data
    assert b"Rs 9000" not in response.data
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "attachment.damaged" and event.object_id == attachment.id
    os.unlink(path)
    assert client.get(url).status_code == 409


def test_attachment_row_pointed_at_other_bytes_is_reported(app, org):
    receipt = make_receipt(org["users"]["cru.srinagar"], uploads=[scan()])
    attachment = db.session.scalar(select(Attachment).where(Attachment.receipt_id == receipt.id))
    other = blobs.store(io.BytesIO(PDF_BYTES + b"% other\n"), "other.pdf")
    forced("attachment", "UPDATE attachment SET sha256 = :s, size = :n WHERE id = :id",
           s=other[0], n=other[2], id=attachment.id)
    code, output = verify(app)
    assert code == 1 and f"attachment {attachment.id} (receipt id {receipt.id}): changed" in output


def audit_ids():
    return db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()


def test_deleted_tail_is_reported_against_the_latest_anchor(app, org):
    app.config["ANCHOR_EVERY"] = 1  # an anchor after every commit that records events
    make_history(org)
    ids = audit_ids()
    code, output = verify(app)
    assert code == 0, output
    forced("audit_event", "DELETE FROM audit_event WHERE id >= :id", id=ids[-3])
    code, output = verify(app)
    assert code == 1 and "ok    audit chain" in output, "the shortened chain itself is intact"
    assert f"audit events {ids[-3]}–{ids[-1]} are missing: the log ends at event {ids[-4]}" \
           in output


def test_a_forged_or_edited_anchor_line_is_reported(app, org):
    make_history(org)
    anchors.anchor_now("test")
    path = anchors.anchor_log_path()
    line = json.loads(open(path).read().splitlines()[-1])
    line["audit_id"] -= 3  # make the anchor older than the cut
    with open(path, "a") as handle:
        handle.write(json.dumps(line) + "\n")
    code, output = verify(app)
    assert code == 1 and f"{path} line 2: not an anchor sealed with this audit key" in output


def test_deleted_whole_send_is_reported(app, org):
    """A recent send undone: its audit events, movements and copy receipts deleted, the
    receipt's cover put back as it was, seal and all (from a copy of the database)."""
    app.config["ANCHOR_EVERY"] = 1
    from eoffice.movement import services

    cru = org["users"]["cru.srinagar"]
    receipt = make_receipt(cru, subject="Complaint against the contractor")
    before = dict(db.session.execute(text("SELECT * FROM receipt WHERE id = :id"),
                                     {"id": receipt.id}).mappings().one())
    first_of_send = audit_ids()[-1] + 1
    last_movement = db.session.scalar(select(Movement.id).order_by(Movement.id.desc()).limit(1))
    services.send(cru, receipt, [org["posts"]["so"].id, org["posts"]["adc"].id])
    db.session.commit()
    copies = db.session.scalars(select(Receipt.id).where(Receipt.copy_of_id == receipt.id)).all()
    assert copies
    db.session.expunge_all()
    forced("audit_event", "DELETE FROM audit_event WHERE id >= :id", id=first_of_send)
    forced("movement", "DELETE FROM movement WHERE id > :id", id=last_movement)
    for copy in copies:
        db.session.execute(text("DELETE FROM receipt WHERE id = :id"), {"id": copy})
    assignments = ", ".join(f"{name} = :{name}" for name in before if name != "id")
    db.session.execute(text(f"UPDATE receipt SET {assignments} WHERE id = :id"), before)
    db.session.commit()
    code, output = verify(app)
    assert code == 1, output
    assert "ok    seals: receipt" in output and "ok    audit chain" in output
    assert f"are missing: the log ends at event {first_of_send - 1}" in output


@pytest.mark.skipif(POSTGRES, reason="PostgreSQL refuses text in an integer column itself")
def test_a_value_of_another_type_written_from_sql_is_reported_not_a_crash(app, org):
    """SQLite keeps 'x1' as text in an integer column: the seal check reports the row
    (it does not cast the value, nor stop at it)."""
    receipt = make_receipt(org["users"]["cru.srinagar"])
    db.session.execute(text("UPDATE receipt SET copy_no = 'x1' WHERE id = :id"),
                       {"id": receipt.id})
    db.session.commit()
    code, output = verify(app)
    assert code == 1
    assert f"receipt {receipt.diary_no} (id {receipt.id}): changed outside the portal" in output
