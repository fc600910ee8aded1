"""Noting rules, called directly: drafts, signing, finalising on send, the hash chain."""
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from eoffice.clock import today
from eoffice.errors import NotAllowed, NotFound, WorkflowError
from eoffice.extensions import db
from eoffice.models import AuditEvent, Note, PostHolding, Signature
from eoffice.movement import services as movement
from eoffice.notes import services
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD, make_file, make_user
from tests.integrity.tamper import forced


def sign_and_send(user, efile, post):
    services.sign_and_send(user, efile, PASSWORD, to_post_ids=[post.id])
    db.session.commit()


def _a_file_with_a_draft(org, text):
    """(the section officer, a file they hold, their draft paragraph in it), committed."""
    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    note = services.add_note(so, efile, text)
    db.session.commit()
    return so, efile, note


def test_author_edits_a_draft_while_the_file_is_with_them_and_nobody_after_it_is_sent(org):
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    efile = make_file(so)
    note = services.add_note(so, efile, "<p>Put up for orders.</p>")
    db.session.commit()
    services.update_note(so, note, "<p>Put up for <b>kind orders</b>.</p>")
    db.session.commit()
    assert note.body_html == "<p>Put up for <b>kind orders</b>.</p>" and note.status == "draft"
    with pytest.raises(NotAllowed):  # the DC sees the file (oversight) but did not write it
        services.update_note(users["dc.srinagar"], note, "<p>Changed by someone else</p>")
    db.session.rollback()
    with pytest.raises(NotFound):  # the ADC may not even see it yet
        services.update_note(adc, note, "<p>Changed by someone else</p>")
    db.session.rollback()

    sign_and_send(so, efile, posts["adc"])
    note = db.session.get(Note, note.id)
    assert note.status == "final" and note.finalised_at is not None and len(note.hash) == 64
    assert note.author_name == so.name and note.post_id == posts["so"].id
    for user in (so, adc):  # neither the author nor the new holder may change it now
        with pytest.raises(NotAllowed):
            services.update_note(user, note, "<p>Rewritten</p>")
        db.session.rollback()
        with pytest.raises(NotAllowed):
            services.discard_note(user, note)
        db.session.rollback()
    assert db.session.get(Note, note.id).body_html == "<p>Put up for <b>kind orders</b>.</p>"


def test_a_file_does_not_leave_with_unsigned_drafts_and_a_wrong_password_signs_nothing(org):
    posts = org["posts"]
    so, efile, note = _a_file_with_a_draft(org, "Examined. May be approved.")
    with pytest.raises(WorkflowError) as refused:
        movement.send(so, efile, [posts["adc"].id])
    assert refused.value.status == 422 and "paragraph 1 by" in refused.value.message
    db.session.rollback()
    with pytest.raises(WorkflowError):
        services.sign_notes(so, efile, "not-my-password")
    db.session.rollback()
    assert efile.holder_post_id == posts["so"].id
    assert db.session.scalar(select(db.func.count()).select_from(Signature)) == 0
    assert db.session.get(Note, note.id).status == "draft"

    services.sign_notes(so, efile, PASSWORD)
    db.session.commit()
    services.update_note(so, note, "Examined again. May be approved.")  # needs a new signature
    db.session.commit()
    with pytest.raises(WorkflowError):
        movement.send(so, efile, [posts["adc"].id])
    db.session.rollback()
    sign_and_send(so, efile, posts["adc"])
    assert db.session.get(Note, note.id).status == "final"
    signature = db.session.get(Signature, db.session.get(Note, note.id).signature_id)
    assert signature.user_id == so.id and signature.purpose == "notes"


def test_paragraph_numbers_continue_across_authors_and_discarding_keeps_them_continuous(org):
    users, posts = org["users"], org["posts"]
    so, adc, dc = users["so.srinagar"], users["adc.srinagar"], users["dc.srinagar"]
    efile = make_file(so)
    services.add_note(so, efile, "One")
    services.add_note(so, efile, "Two")
    sign_and_send(so, efile, posts["adc"])
    assert services.add_note(adc, efile, "Three").seq == 3
    sign_and_send(adc, efile, posts["dc"])
    four = services.add_note(dc, efile, "Four (to be discarded)")
    five = services.add_note(dc, efile, "Five, soon four")
    db.session.commit()
    services.discard_note(dc, four)
    db.session.commit()
    assert five.seq == 4
    notes = services.notes_of(efile)
    assert [(n.seq, n.status, n.author_id) for n in notes] == [
        (1, "final", so.id), (2, "final", so.id), (3, "final", adc.id), (4, "draft", dc.id)]
    assert notes[2].prev_hash == notes[1].hash and notes[1].prev_hash == notes[0].hash
    assert services.verify_note_chain(efile) == []
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "note.discard"))


def test_changing_a_final_note_in_the_database_breaks_the_chain(org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    efile = make_file(so)
    for body in ("First", "Second", "Third"):
        services.add_note(so, efile, body)
    sign_and_send(so, efile, posts["adc"])
    assert services.verify_note_chain(efile) == []
    with pytest.raises(DBAPIError, match="append-only"):  # the database refuses...
        db.session.execute(text("UPDATE note SET body_html = '<p>Forged</p>' "
                                "WHERE efile_id = :f AND seq = 2"), {"f": efile.id})
    db.session.rollback()
    assert services.verify_note_chain(efile) == []
    forced("note", "UPDATE note SET body_html = '<p>Forged</p>' "  # ...unless forced past it
           "WHERE efile_id = :f AND seq = 2", f=efile.id)
    problems = services.verify_note_chain(efile)
    assert len(problems) == 1 and "Paragraph 2" in problems[0]
    assert services.verify_note_chains() == [f"file {efile.file_no} (id {efile.id}): {problems[0]}"]


def test_writing_a_note_opens_the_file_so_it_cannot_be_pulled_back(org):
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    efile = make_file(so)
    movement.send(so, efile, [posts["adc"].id])
    db.session.commit()
    assert efile.read_at is None
    services.add_note(adc, efile, "Seen.")
    db.session.commit()
    assert efile.read_at is not None
    assert not movement.policy.can_pull_back(so, efile)


def test_only_the_holder_writes_and_blank_notes_are_refused(org):
    users = org["users"]
    efile = make_file(users["so.srinagar"])
    with pytest.raises(NotAllowed):
        services.add_note(users["dc.srinagar"], efile, "Not mine to write")
    db.session.rollback()
    with pytest.raises(WorkflowError):
        services.add_note(users["so.srinagar"], efile, "<p> </p><script>alert(1)</script>")
    db.session.rollback()
    movement.park(users["so.srinagar"], efile)
    db.session.commit()
    with pytest.raises(NotAllowed):  # parked files are set aside, not written in
        services.add_note(users["so.srinagar"], efile, "On a parked file")
    db.session.rollback()
    assert services.notes_of(efile) == []


def test_a_note_is_stored_without_script_handlers_javascript_links_or_style(org):
    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    note = services.add_note(so, efile, (
        '<style>p { display: none }</style><p onclick="steal()">Please <b>approve</b>, '
        '<i>urgently</i>, <u>today</u>.<script>alert(document.cookie)</script></p>'
        '<img src="x" onerror="alert(1)"><p><a href="javascript:alert(1)">click</a> '
        '<a href="/files/7">file 7</a> <a href="https://jk.gov.in/">JK</a></p>'
        '<ul><li>one</li></ul><ol><li>two</li></ol>'
        '<table><tr><th>Item</th><td colspan="2" style="color:red">Rs 500</td></tr></table>'))
    db.session.commit()
    stored = db.session.get(Note, note.id).body_html.lower()
    for banned in ("<script", "alert", "onerror", "onclick", "javascript:", "<style",
                   "display: none", "<img", "style="):
        assert banned not in stored, banned
    for kept in ("<b>approve</b>", "<i>urgently</i>", "<u>today</u>", '<a href="/files/7">',
                 '<a href="https://jk.gov.in/">', "<ul><li>one</li></ul>",
                 "<ol><li>two</li></ol>", "<th>item</th>", 'colspan="2"'):
        assert kept in stored, kept


def test_a_draft_left_by_an_author_who_has_left_the_post_is_discarded_by_its_new_holder(app, org):
    """A transfer must not strand the file: the draft's author can no longer sign or
    discard it, so the post's new holder may discard it (not edit it), then send."""
    users, posts = org["users"], org["posts"]
    so, efile, left = _a_file_with_a_draft(org, "<p>Half written before the transfer</p>")
    holding = db.session.scalar(select(PostHolding).where(PostHolding.user_id == so.id))
    holding.ends_on = today() - timedelta(days=1)
    successor = make_user("so.new", posts["so"])
    db.session.commit()
    with pytest.raises(NotAllowed):  # someone else's words stay theirs
        services.update_note(successor, left, "<p>Rewritten</p>")
    db.session.rollback()
    with pytest.raises(NotAllowed):  # the DC (oversight) does not hold the file
        services.discard_note(users["dc.srinagar"], db.session.get(Note, left.id))
    db.session.rollback()

    client = app.test_client()
    login(client, "so.new")
    page = client.get(f"/files/{efile.id}").get_data(as_text=True)
    assert f"/notes/{left.id}/discard" in page and f"/notes/{left.id}/edit" not in page
    response = client.post(f"/files/{efile.id}/notes/{left.id}/discard",
                           data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert db.session.get(Note, left.id) is None
    sign_and_send(successor, efile, posts["adc"])
    assert db.session.get(type(efile), efile.id).holder_post_id == posts["adc"].id


def test_a_draft_of_an_author_still_holding_the_post_is_not_discarded_by_a_colleague(org):
    posts = org["posts"]
    so, efile, note = _a_file_with_a_draft(org, "<p>Mine</p>")
    colleague = make_user("so.delegate", posts["so"], kind="additional")
    db.session.commit()
    with pytest.raises(NotAllowed):
        services.discard_note(colleague, note)
    db.session.rollback()
    assert db.session.get(Note, note.id) is not None
