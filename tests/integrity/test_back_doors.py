"""Ways round the append-only triggers that SQL offers, tried as an insider with the
database would: each is refused by the database, and a trigger taken away is reported."""
import io

import pytest
from sqlalchemy import text
from werkzeug.datastructures import FileStorage

from eoffice.extensions import db
from eoffice.integrity import triggers
from tests.conftest import POSTGRES
from tests.factories import PDF_BYTES, make_history, make_receipt
from tests.integrity.tamper import refused, verify
from tests.integrity.test_tamper import noting  # noqa: F401 - the fixture

sqlite_only = pytest.mark.skipif(POSTGRES, reason="REPLACE is SQLite's")
postgres_only = pytest.mark.skipif(not POSTGRES, reason="TRUNCATE triggers are PostgreSQL's")


@pytest.fixture
def history(org):
    return make_history(org)


def first_id(table, rows=""):
    return db.session.scalar(text(f"SELECT min(id) FROM {table} WHERE 1 = 1{rows}"))


@sqlite_only
@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
@pytest.mark.parametrize("table", ["movement", "audit_event"])
def test_replace_of_a_logged_row_is_refused(history, table, verb):
    row_id = first_id(table)
    db.session.execute(text("PRAGMA recursive_triggers = OFF"))
    refused(f"{verb} INTO {table} SELECT * FROM {table} WHERE id = :id", id=row_id)
    assert db.session.scalar(text(f"SELECT count(*) FROM {table} WHERE id = :id"),
                             {"id": row_id}) == 1


@sqlite_only
def test_replace_of_a_movement_with_another_destination_is_refused(org, history):
    row_id = first_id("movement", " AND to_post_id IS NOT NULL")
    before = db.session.execute(text("SELECT * FROM movement WHERE id = :id"),
                                {"id": row_id}).one()
    refused("REPLACE INTO movement (id, efile_id, receipt_id, action, to_post_id, by_user_id, "
            "remarks, at) SELECT id, efile_id, receipt_id, action, :post, by_user_id, remarks, "
            "at FROM movement WHERE id = :id", post=org["posts"]["dc"].id, id=row_id)
    assert db.session.execute(text("SELECT * FROM movement WHERE id = :id"),
                              {"id": row_id}).one() == before


@sqlite_only
def test_replace_of_an_audit_event_by_its_hash_is_refused(history):
    """A new id, but the same hash as a logged event: REPLACE would delete that event."""
    row_id = first_id("audit_event")
    refused("REPLACE INTO audit_event (id, at, action, detail, prev_hash, hash) "
            "SELECT 100000, at, action, 'nothing', prev_hash, hash FROM audit_event "
            "WHERE id = :id", id=row_id)


@sqlite_only
def test_replace_of_a_final_note_is_refused_and_drafts_stay_editable(noting):  # noqa: F811
    final_id = first_id("note", " AND status = 'final'")
    refused("REPLACE INTO note SELECT * FROM note WHERE id = :id", id=final_id)
    # a new row on the final note's paragraph number would displace it too
    refused("INSERT OR REPLACE INTO note (efile_id, seq, author_id, post_id, author_name, "
            "designation, body_html, status, created_at, updated_at) SELECT efile_id, seq, "
            "author_id, post_id, author_name, designation, '<p>Rs 90,000</p>', 'final', "
            "created_at, updated_at FROM note WHERE id = :id", id=final_id)
    # a draft moved onto a final note's paragraph number with UPDATE OR REPLACE
    refused("UPDATE OR REPLACE note SET seq = (SELECT seq FROM note WHERE id = :final) "
            "WHERE id = :draft", final=final_id, draft=noting["draft"].id)
    db.session.execute(text("REPLACE INTO note SELECT * FROM note WHERE id = :id"),
                       {"id": noting["draft"].id})
    db.session.commit()
    assert db.session.scalar(text("SELECT count(*) FROM note")) == 3


@pytest.mark.parametrize("table", ["movement", "audit_event"])
def test_upsert_onto_a_logged_row_is_refused(history, table):
    column = {"movement": "remarks", "audit_event": "detail"}[table]
    refused(f"INSERT INTO {table} SELECT * FROM {table} WHERE id = :id "
            f"ON CONFLICT (id) DO UPDATE SET {column} = 'changed'", id=first_id(table))


@postgres_only
@pytest.mark.parametrize("statement", [
    "TRUNCATE movement", "TRUNCATE audit_event", "TRUNCATE note CASCADE",
    "TRUNCATE efile, receipt CASCADE"])
def test_truncate_is_refused(history, noting, statement):  # noqa: F811
    counts = [db.session.scalar(text(f"SELECT count(*) FROM {t}"))
              for t in ("movement", "audit_event", "note")]
    refused(statement)
    assert [db.session.scalar(text(f"SELECT count(*) FROM {t}"))
            for t in ("movement", "audit_event", "note")] == counts


@pytest.fixture
def triggers_put_back(app):
    """The schema outlives a test on PostgreSQL: put every trigger back as attached."""
    yield
    db.session.rollback()
    dialect = db.engine.dialect.name
    for table, when in triggers.ATTACHED.items():
        for statement in triggers.statements(dialect, table, when, triggers.KEYS[table]):
            db.session.execute(text(statement))
    db.session.commit()


def sqlite_or_postgres(sqlite, postgres):
    db.session.execute(text(postgres if POSTGRES else sqlite))
    db.session.commit()


def test_untouched_triggers_verify(app, history):
    code, output = verify(app)
    assert code == 0 and "ok    protective triggers" in output, output


def drop_trigger(table, on_sqlite, on_postgres):
    """Drop one of a table's protective triggers; returns the line verify should print."""
    sqlite_or_postgres(f"DROP TRIGGER {on_sqlite}", f"DROP TRIGGER {on_postgres} ON {table}")
    return f"trigger {on_postgres if POSTGRES else on_sqlite} on {table} is missing"


def test_a_dropped_trigger_is_reported(app, history, triggers_put_back):
    missing = drop_trigger("audit_event", "audit_event_no_delete", "audit_event_append_only")
    code, output = verify(app)
    assert code == 1 and "FAIL  protective triggers: 1 problem(s)" in output, output
    assert missing in output


def test_a_rewritten_trigger_is_reported(app, history, triggers_put_back):
    """Same name, but it lets everything through (or only some rows)."""
    if POSTGRES:
        db.session.execute(text("DROP TRIGGER note_append_only ON note"))
        db.session.execute(text(
            "CREATE TRIGGER note_append_only BEFORE UPDATE OR DELETE ON note FOR EACH ROW "
            "WHEN (OLD.status = 'never') EXECUTE FUNCTION eoffice_refuse_change()"))
        name = "note_append_only"
    else:
        db.session.execute(text("DROP TRIGGER note_no_update"))
        db.session.execute(text("CREATE TRIGGER note_no_update BEFORE UPDATE ON note "
                                "FOR EACH ROW WHEN 0 BEGIN SELECT 1; END"))
        name = "note_no_update"
    db.session.commit()
    code, output = verify(app)
    assert code == 1 and f"trigger {name} on note was changed" in output, output


@postgres_only
def test_a_disabled_trigger_or_a_harmless_function_is_reported(app, history, triggers_put_back):
    db.session.execute(text("ALTER TABLE movement DISABLE TRIGGER movement_no_truncate"))
    db.session.execute(text("CREATE OR REPLACE FUNCTION eoffice_refuse_change() RETURNS "
                            "trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"))
    db.session.commit()
    code, output = verify(app)
    assert code == 1, output
    assert "trigger movement_no_truncate on movement is disabled" in output
    assert "function eoffice_refuse_change() was changed" in output


@pytest.fixture
def uploaded_and_signed(org, noting):  # noqa: F811
    """An attachment (a diarised scan) and a signature (the noting's), both only ever
    inserted by the portal."""
    receipt = make_receipt(org["users"]["cru.srinagar"], uploads=[
        FileStorage(io.BytesIO(PDF_BYTES), "scan.pdf", content_type="application/pdf")])
    return {"attachment": first_id("attachment"), "signature": first_id("signature"),
            "receipt": receipt}


ONLY_INSERTED = {"attachment": "filename", "signature": "payload_sha256"}


@pytest.mark.parametrize("table", sorted(ONLY_INSERTED))
def test_attachment_and_signature_rows_refuse_update_and_delete(uploaded_and_signed, table):
    row_id = uploaded_and_signed[table]
    refused(f"UPDATE {table} SET {ONLY_INSERTED[table]} = 'changed' WHERE id = :id", id=row_id)
    refused(f"DELETE FROM {table} WHERE id = :id", id=row_id)
    refused(f"DELETE FROM {table}")
    refused(f"INSERT INTO {table} SELECT * FROM {table} WHERE id = :id "
            f"ON CONFLICT (id) DO UPDATE SET {ONLY_INSERTED[table]} = 'changed'", id=row_id)
    assert db.session.scalar(text(f"SELECT {ONLY_INSERTED[table]} FROM {table} "
                                  "WHERE id = :id"), {"id": row_id}) != "changed"


@sqlite_only
@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
@pytest.mark.parametrize("table", sorted(ONLY_INSERTED))
def test_replace_of_an_attachment_or_signature_is_refused(uploaded_and_signed, table, verb):
    row_id = uploaded_and_signed[table]
    db.session.execute(text("PRAGMA recursive_triggers = OFF"))
    refused(f"{verb} INTO {table} SELECT * FROM {table} WHERE id = :id", id=row_id)
    # the same row pointed at other bytes (or another signer), its id kept
    column = {"attachment": "sha256", "signature": "user_id"}[table]
    others = [c for c in db.metadata.tables[table].c.keys() if c != column]
    refused(f"{verb} INTO {table} ({', '.join(others)}, {column}) SELECT "
            f"{', '.join(others)}, '0' FROM {table} WHERE id = :id", id=row_id)
    assert db.session.scalar(text(f"SELECT count(*) FROM {table} WHERE id = :id"),
                             {"id": row_id}) == 1


@postgres_only
@pytest.mark.parametrize("statement", [
    "TRUNCATE attachment", "TRUNCATE signature CASCADE", "TRUNCATE receipt CASCADE"])
def test_truncate_of_attachments_and_signatures_is_refused(uploaded_and_signed, statement):
    counts = [db.session.scalar(text(f"SELECT count(*) FROM {t}"))
              for t in ("attachment", "signature")]
    refused(statement)
    assert [db.session.scalar(text(f"SELECT count(*) FROM {t}"))
            for t in ("attachment", "signature")] == counts


def test_a_dropped_attachment_trigger_is_reported(app, uploaded_and_signed, triggers_put_back):
    missing = [drop_trigger("attachment", "attachment_no_delete", "attachment_append_only"),
               drop_trigger("signature", "signature_no_replace", "signature_no_truncate")]
    code, output = verify(app)
    assert code == 1 and "FAIL  protective triggers: 2 problem(s)" in output, output
    assert all(line in output for line in missing), output
