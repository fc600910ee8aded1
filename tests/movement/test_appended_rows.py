"""A movement is appended with one INSERT on the session's connection, never an ORM
object: sealed as the ORM sealed it, chained to its audit event, refused to SQL that
would change it, and seen by the search index and the rollups as before."""
import pytest
from sqlalchemy import event, select, text

from eoffice.extensions import db
from eoffice.integrity import seals
from eoffice.models import Movement
from eoffice.movement import services as movement
from eoffice.search.services import search
from eoffice.vocabulary import PRIORITIES
from tests.factories import make_file, make_receipt
from tests.integrity.tamper import forced, refused, verify


def test_a_recorded_movement_is_the_row_written_sealed_and_never_in_the_session(org):
    so, adc = org["users"]["so.srinagar"], org["posts"]["adc"]
    efile = make_file(so, subject="Boulevard widening")
    movement.send(so, efile, [adc.id], remarks="For orders", priority=PRIORITIES.codes[-1])
    recorded = movement.recorded_last(efile)
    assert not [obj for obj in db.session if isinstance(obj, Movement)]
    db.session.commit()
    row = db.session.get(Movement, recorded.id)
    assert (row.action, row.from_post_id, row.to_post_id, row.remarks, row.priority, row.seal) \
        == ("send", recorded.from_post_id, adc.id, "For orders", PRIORITIES.codes[-1], recorded.seal)
    assert row.seal == seals.seal_of("movement", row)
    assert seals.check("movement") == []


def test_sql_cannot_change_or_forge_an_appended_movement(app, org):
    so, adc = org["users"]["so.srinagar"], org["posts"]["adc"]
    efile = make_file(so)
    movement.send(so, efile, [adc.id])
    sent = movement.recorded_last(efile).id
    db.session.commit()
    refused("UPDATE movement SET to_post_id = :other WHERE id = :id",
            other=org["posts"]["so"].id, id=sent)
    refused("DELETE FROM movement WHERE id = :id", id=sent)
    # a row put in from SQL with a seal copied from a real one does not match it
    forced("movement", "INSERT INTO movement (efile_id, action, from_post_id, to_post_id, "
           "by_post_id, by_user_id, remarks, at, seal) SELECT efile_id, action, to_post_id, "
           "from_post_id, by_post_id, by_user_id, remarks, at, seal FROM movement WHERE id = :id",
           id=sent)
    assert any("does not match its seal" in problem for problem in seals.check("movement"))
    code, output = verify(app)
    assert code != 0 and "does not match its seal" in output


def test_a_post_new_to_the_trail_finds_the_item_at_once_and_one_already_on_it_costs_no_rebuild(
        org):
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    efile = make_file(so, subject="Dal lake embankment")
    db.session.commit()
    assert search(adc, "embankment").items == []
    movement.send(so, efile, [posts["adc"].id])
    db.session.commit()
    assert [hit.item.id for hit in search(adc, "embankment").items] == [efile.id]
    movement.send(adc, efile, [posts["so"].id])  # back to a post on its trail
    written = []

    def note(_connection, _cursor, statement, *_args):
        written.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert not [sql for sql in written if "search_entry" in sql or "search_fts" in sql]


@pytest.mark.parametrize("copies", [1, 3])
def test_movements_recorded_in_one_transaction_pair_with_their_audit_events(app, org, copies):
    users, posts = org["users"], org["posts"]
    cru = users["cru.srinagar"]
    receipt = make_receipt(cru, subject="Ration cards")
    targets = [posts[name].id for name in ("so", "adc", "dc")][:copies]
    movement.send(cru, receipt, targets)
    db.session.commit()
    ids = db.session.scalars(select(Movement.id).order_by(Movement.id)).all()
    assert len(ids) == len(set(ids))
    assert db.session.scalar(text("SELECT count(*) FROM movement WHERE seal IS NULL")) == 0
    code, output = verify(app)
    assert code == 0, output
