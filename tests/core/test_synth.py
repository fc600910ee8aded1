"""`flask eoffice synth` at a tiny size: the data set is consistent with the rules the
portal keeps (audit chain, holders from the movement log, gap-free counters) and
the pages work on it."""

import pytest
from sqlalchemy import func, select

from eoffice.extensions import db
from eoffice.inbox.queries import HANDOVERS
from eoffice.models import Counter, EFile, Movement, Office, Post, Receipt, User
from eoffice.numbering import next_number
from tests.conftest import csrf_from, login


def synthesise(app, items=200):
    result = app.test_cli_runner().invoke(
        args=["eoffice", "synth", "--items", str(items), "--posts", "600", "--seed", "3"])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.slow
def test_synth_fills_an_empty_database_consistently(app):
    synthesise(app)
    files = db.session.scalar(select(func.count()).select_from(EFile))
    receipts = db.session.scalar(select(func.count()).select_from(Receipt))
    assert files + receipts == 200 and files and receipts
    assert db.session.scalar(select(func.count()).select_from(Post)) >= 600
    assert app.test_cli_runner().invoke(args=["eoffice", "verify"]).exit_code == 0
    for model, column in ((EFile, Movement.efile_id), (Receipt, Movement.receipt_id)):
        for item in db.session.scalars(select(model)):
            moves = db.session.scalars(select(Movement).where(column == item.id)
                                       .order_by(Movement.id)).all()
            handovers = [m for m in moves if m.action in HANDOVERS]
            assert moves[0].action == "create"
            assert handovers[-1].to_post_id == item.holder_post_id, item.id
            assert handovers[-1].at == item.holder_since
            sends = [m for m in handovers if m.action == "send"]
            assert item.sent_by_post_id == (sends[-1].from_post_id if handovers[-1].action == "send"
                                            else None)
    again = app.test_cli_runner().invoke(args=["eoffice", "synth", "--items", "10"])
    assert again.exit_code != 0 and "empty" in again.output


@pytest.mark.slow
def test_counters_continue_after_the_highest_serial(app):
    synthesise(app)
    office_id, year, serial = db.session.execute(
        select(Receipt.office_id, Receipt.diary_year, func.max(Receipt.diary_serial))
        .group_by(Receipt.office_id, Receipt.diary_year)
        .order_by(func.max(Receipt.diary_serial).desc()).limit(1)).one()
    office = db.session.get(Office, office_id)
    assert next_number(office, "diary", str(year)) == serial + 1
    assert db.session.scalar(select(func.count()).select_from(Counter)) > 0


@pytest.mark.slow
def test_pages_work_on_synthesised_data(app, client):
    synthesise(app)
    password = app.config["DEMO_PASSWORD"]
    login(client, "heavy", password)
    inbox = client.get("/inbox")
    assert inbox.status_code == 200 and "item" in inbox.get_data(as_text=True)
    bench_a = app.test_client()
    login(bench_a, "bench.a", password)
    desk_a = db.session.scalar(select(User).filter_by(username="bench.a")).current_posts()[0]
    desk_b = db.session.scalar(select(User).filter_by(username="bench.b")).current_posts()[0]
    efile = db.session.scalar(select(EFile).where(EFile.holder_post_id == desk_a.id,
                                                  EFile.status == "active").limit(1))
    page = bench_a.get(f"/files/{efile.id}")
    assert page.status_code == 200
    response = bench_a.post(f"/files/{efile.id}/send", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "to_post": desk_b.id,
        "priority": "normal", "remarks": "bench"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(EFile, efile.id).holder_post_id == desk_b.id


@pytest.mark.slow
def test_the_portal_writes_notes_after_synthesised_ones_without_clashing(app, client):
    """synth hands out ids itself; on PostgreSQL every sequence must end up past them,
    notes' too (a sequence set before the notes were written gave the portal's first
    notes ids already taken: 409 on every desk's first note)."""
    synthesise(app)
    from eoffice.models import Note

    login(client, "bench.a", app.config["DEMO_PASSWORD"])
    desk_a = db.session.scalar(select(User).filter_by(username="bench.a")).current_posts()[0]
    efile = db.session.scalar(select(EFile).where(EFile.holder_post_id == desk_a.id,
                                                  EFile.status == "active").limit(1))
    synthesised = db.session.scalar(select(func.max(Note.id)))
    assert synthesised
    page = client.get(f"/files/{efile.id}")
    response = client.post(f"/files/{efile.id}/notes", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)),
        "body": "<p>Examined. Put up for orders.</p>"})
    assert response.status_code == 303
    assert db.session.scalar(select(func.max(Note.id))) > synthesised
