"""Search through the service, on SQLite (FTS5) and PostgreSQL (tsvector) alike."""
from datetime import date, datetime

import pytest
from sqlalchemy import event, func, select

from eoffice.clock import travel_to
from eoffice.dak.services import put_in_file, update_receipt
from eoffice.extensions import db
from eoffice.models import SearchEntry
from eoffice.movement import services as movement
from eoffice.search.services import POOL, Filters, search
from eoffice.search.sync import rebuild
from tests.conftest import POSTGRES
from tests.factories import make_file, make_receipt

HINDI = "भूमि अभिलेख में सुधार हेतु आवेदन"
URDU = "زمین کے ریکارڈ کی درستگی کی درخواست"


def found(user, q, **filters):
    return [(hit.kind, hit.item.id) for hit in search(user, q, Filters(**filters)).items]


@pytest.fixture
def items(org):
    cru, so = org["users"]["cru.srinagar"], org["users"]["so.srinagar"]
    hindi = make_receipt(cru, subject=HINDI, body="किसान को प्रमाणपत्र दिया जाए",
                         sender_name="Ram Lal Sharma")
    urdu = make_receipt(cru, subject=URDU, sender_name="Ghulam Nabi Dar")
    english = make_file(so, subject="Widening of Boulevard road, Srinagar")
    return {"hindi": hindi, "urdu": urdu, "english": english}


def test_english_hindi_urdu_number_and_sender_find_the_right_items(org, items):
    cru, so = org["users"]["cru.srinagar"], org["users"]["so.srinagar"]
    hindi, urdu, english = items["hindi"], items["urdu"], items["english"]
    assert found(so, "boulevard") == [("file", english.id)]
    assert found(so, "Widening road") == [("file", english.id)]
    assert found(cru, "अभिलेख") == [("receipt", hindi.id)]
    assert found(cru, "किसान") == [("receipt", hindi.id)]  # in the body
    assert found(cru, "प्रमाणपत्र") == [("receipt", hindi.id)]
    assert found(cru, "درخواست") == [("receipt", urdu.id)]
    assert found(cru, "ریکارڈ درستگی") == [("receipt", urdu.id)]
    assert found(so, english.file_no) == [("file", english.id)]
    assert found(so, english.file_no.lower()) == [("file", english.id)]
    assert found(cru, urdu.diary_no)[0] == ("receipt", urdu.id)
    assert found(cru, "Ghulam Nabi") == [("receipt", urdu.id)]
    assert found(cru, "sharma") == [("receipt", hindi.id)]
    assert found(cru, "nothing-like-this") == []


def test_hits_carry_highlighted_title_and_snippet(org, items):
    hit = search(org["users"]["cru.srinagar"], "किसान").items[0]
    assert "<mark>किसान</mark>" in hit.snippet
    hit = search(org["users"]["cru.srinagar"], "अभिलेख").items[0]
    assert "<mark>अभिलेख</mark>" in hit.title


def test_confidential_receipt_on_another_trail_is_hidden_from_outsiders(org):
    users, posts = org["users"], org["posts"]
    secret = make_receipt(users["cru.srinagar"], subject="Vigilance enquiry zamindar",
                          grading="confidential", sender_name="Anonymous Complainant")
    movement.send(users["cru.srinagar"], secret, [posts["so"].id])
    db.session.commit()
    for insider in ("cru.srinagar", "so.srinagar"):
        assert found(users[insider], "zamindar") == [("receipt", secret.id)]
        assert found(users[insider], secret.diary_no)[0] == ("receipt", secret.id)
    for outsider in ("tehsildar.khanyar", "adc.srinagar", "dc.srinagar", "cs.it", "dc.jammu"):
        for q in ("zamindar", secret.diary_no, "Anonymous", "vigilance enquiry"):
            page = search(users[outsider], q)
            assert page.items == [] and page.total == 0 and page.exact == [], (outsider, q)


def test_oversight_sees_open_items_in_its_subtree_only(org, items):
    users = org["users"]
    assert found(users["dc.srinagar"], "boulevard") == [("file", items["english"].id)]
    assert found(users["cs.it"], "درخواست") == [("receipt", items["urdu"].id)]
    assert found(users["dc.jammu"], "boulevard") == []
    assert found(users["tehsildar.khanyar"], "boulevard") == []
    assert found(users["admin"], "boulevard") == []


def test_index_follows_sends_edits_and_filing_in_the_same_transaction(org, items):
    users, posts = org["users"], org["posts"]
    cru, so, tehsildar = users["cru.srinagar"], users["so.srinagar"], users["tehsildar.khanyar"]
    urdu = items["urdu"]
    assert found(so, "درخواست") == []
    movement.send(cru, urdu, [posts["so"].id])
    db.session.commit()
    assert found(so, "درخواست") == [("receipt", urdu.id)]
    update_receipt(so, urdu, {"subject": "Mutation of land in Khanyar"})
    db.session.commit()
    assert found(so, "درخواست") == []
    assert found(so, "mutation") == [("receipt", urdu.id)]
    efile = make_file(so, subject="Mutation cases 2026")
    put_in_file(so, urdu, efile)
    movement.send(so, efile, [posts["tehsildar"].id])
    db.session.commit()
    # the tehsildar now sees the file, and so the receipt inside it
    assert set(found(tehsildar, "mutation")) == {("file", efile.id), ("receipt", urdu.id)}
    assert found(so, "mutation", status="in_file") == [("receipt", urdu.id)]


def test_a_move_between_posts_already_on_the_trail_leaves_the_index_alone(org):
    """A send changes who may see an item only when it reaches a post new to its trail."""
    users, posts = org["users"], org["posts"]
    so, adc, dc = users["so.srinagar"], users["adc.srinagar"], users["dc.srinagar"]
    efile = make_file(so, subject="Boundary dispute at Khonmoh")
    db.session.commit()
    index_writes = []

    def note_write(_conn, _cursor, statement, *_args):
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE") \
                and "search_" in statement:
            index_writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", note_write)
    try:
        movement.send(so, efile, [posts["adc"].id])  # the ADC is new to the trail
        db.session.commit()
        assert index_writes and found(adc, "khonmoh") == [("file", efile.id)]
        index_writes.clear()
        movement.send(adc, efile, [posts["so"].id])  # back to the section: no one new
        db.session.commit()
        assert index_writes == []
        movement.send(so, efile, [posts["dc"].id])  # the DC is new again
        db.session.commit()
        assert index_writes
    finally:
        event.remove(db.engine, "before_cursor_execute", note_write)
    for user in (so, adc, dc):
        assert found(user, "khonmoh") == [("file", efile.id)]


def test_a_rolled_back_change_leaves_the_index_alone(org, items):
    so = org["users"]["so.srinagar"]
    english = items["english"]
    english.subject = "Something else entirely"
    db.session.flush()
    db.session.rollback()
    assert found(so, "boulevard") == [("file", english.id)]
    assert found(so, "entirely") == []


def test_dates_are_office_days(org):
    so = org["users"]["so.srinagar"]
    with travel_to(datetime(2026, 10, 14, 19, 0)):  # 00:30 IST on 15-10-2026
        efile = make_file(so, subject="Night shift roster")
    assert found(so, "roster", date_from=date(2026, 10, 15), date_to=date(2026, 10, 15)) == [
        ("file", efile.id)]
    assert found(so, "roster", date_from=date(2026, 10, 14), date_to=date(2026, 10, 14)) == []
    assert search(so, "roster").items[0].dated_on == date(2026, 10, 15)


def test_filters(org, items):
    cru, so = org["users"]["cru.srinagar"], org["users"]["so.srinagar"]
    physical = make_receipt(cru, subject="Boulevard encroachment", is_electronic=False,
                            received_on=date(2026, 2, 10), letter_date=None)
    dc = org["users"]["dc.srinagar"]
    assert set(found(dc, "boulevard")) == {("file", items["english"].id), ("receipt", physical.id)}
    assert found(dc, "boulevard", kind="receipt") == [("receipt", physical.id)]
    assert found(dc, "boulevard", form="physical") == [("receipt", physical.id)]
    assert found(dc, "boulevard", form="electronic") == [("file", items["english"].id)]
    assert found(dc, "boulevard", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)) == [
        ("receipt", physical.id)]
    assert found(dc, "boulevard", date_from=date(2026, 2, 11), date_to=date(2026, 2, 28)) == []
    assert found(dc, "boulevard", grading="confidential") == []
    office = org["offices"]["dc_sgr"]
    assert len(found(dc, "boulevard", office_id=office.id)) == 2
    assert found(dc, "boulevard", office_id=org["offices"]["dc_jmu"].id) == []
    assert len(found(dc, "boulevard", unit_id=org["units"]["srinagar"].id)) == 2
    assert found(dc, "boulevard", unit_id=org["units"]["jammu"].id) == []
    # filters alone, without words
    assert found(cru, "", form="physical") == [("receipt", physical.id)]
    assert search(so, "").total == 0  # nothing asked, nothing listed


def test_ranking_prefers_number_and_title_over_body(org):
    cru = org["users"]["cru.srinagar"]
    in_body = make_receipt(cru, subject="Routine matter", body="about the canal desilting")
    in_title = make_receipt(cru, subject="Canal desilting at Khanyar")
    assert found(cru, "desilting") == [("receipt", in_title.id), ("receipt", in_body.id)]


def test_pages_and_bounded_total(org):
    cru = org["users"]["cru.srinagar"]
    for number in range(7):
        make_receipt(cru, subject=f"Pension case {number}")
    first = search(cru, "pension", page=1, per_page=3)
    last = search(cru, "pension", page=3, per_page=3)
    assert (first.total, first.pages, len(first.items), len(last.items)) == (7, 3, 3, 1)
    assert not first.more and POOL >= 100
    assert search(cru, "pension", page=99, per_page=3).page == 3


def test_rebuild_restores_a_lost_index(org, items):
    cru = org["users"]["cru.srinagar"]
    db.session.execute(SearchEntry.__table__.delete())
    db.session.commit()
    rebuild(batch=1)
    assert found(cru, "درخواست") == [("receipt", items["urdu"].id)]
    assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == 3


def test_reindex_command(app, org, items):
    result = app.test_cli_runner().invoke(args=["eoffice", "reindex", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert "receipt: 2/2" in result.output and "Search index rebuilt." in result.output
    assert found(org["users"]["so.srinagar"], "boulevard") == [("file", items["english"].id)]


def test_moving_an_office_in_the_org_tree_moves_its_items_for_oversight(org, items):
    users = org["users"]
    office = org["offices"]["dc_sgr"]
    assert found(users["dc.jammu"], "boulevard") == []
    office.org_unit_id = org["units"]["jammu"].id
    db.session.commit()
    assert found(users["dc.jammu"], "boulevard") == [("file", items["english"].id)]


def test_a_change_committed_without_a_flush_is_indexed(org, items):
    so = org["users"]["so.srinagar"]
    items["english"].subject = "Resurfacing of Residency road"
    db.session.commit()
    assert found(so, "resurfacing") == [("file", items["english"].id)]


@pytest.mark.skipif(not POSTGRES, reason="the two-step query is PostgreSQL's")
def test_postgres_two_step_query_keeps_newest_first_across_the_split(org, monkeypatch):
    from eoffice.search.index import PostgresIndex

    cru, dc = org["users"]["cru.srinagar"], org["users"]["dc.srinagar"]
    receipts = [make_receipt(cru, subject=f"Flood relief claim {n}") for n in range(6)]
    monkeypatch.setattr(PostgresIndex, "RECENT", 2)
    newest_first = [("receipt", r.id) for r in reversed(receipts)]
    assert found(dc, "flood relief") == newest_first  # oversight keys: two steps
    assert found(cru, "flood relief") == newest_first  # a post's keys: one
    assert search(dc, "flood", per_page=4, page=2).items[0].item.id == receipts[1].id


def test_final_notes_are_found_drafts_are_not(org):
    from eoffice.notes.services import add_note, sign_and_send
    from tests.factories import PASSWORD

    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    efile = make_file(so, subject="Road works in Khanyar")
    add_note(so, efile, "<p>भूमि अभिलेख की जाँच पूरी हुई; the contractor's bill is verified.</p>")
    db.session.commit()
    assert not found(users["adc.srinagar"], "contractor")  # a draft is nobody's to find yet
    sign_and_send(so, efile, PASSWORD, to_post_ids=[posts["adc"].id])
    db.session.commit()
    assert [kind for kind, _ in found(users["adc.srinagar"], "contractor")] == ["note"]
    assert "note" in [kind for kind, _ in found(users["adc.srinagar"], "अभिलेख")]
    assert not found(users["dc.jammu"], "contractor")
