"""One-button actions on an item (park, close...) go through the forms helper: a stale or
forged form, a value out of range or a second tab is refused with a clear message, in the
user's language, the way every refusal is shown, and changes nothing."""
from sqlalchemy import func, select

from eoffice.extensions import db
from eoffice.models import EFile, Movement, Note
from eoffice.movement.services import send
from eoffice.notes.services import add_note
from tests.conftest import csrf_token, login
from tests.factories import make_file, make_receipt

LIST = {"HX-Request": "true", "HX-Target": "item-list"}


def _held_file(client, org):
    efile = make_file(org["users"]["so.srinagar"], subject="Road repair at Khanyar")
    login(client, "so.srinagar")
    return efile, csrf_token(client)


def _state(efile):
    db.session.expire_all()
    moved = db.session.scalar(select(func.count()).select_from(Movement)
                              .where(Movement.efile_id == efile.id))
    item = db.session.get(EFile, efile.id)
    return item.status, item.version, item.holder_post_id, moved


def _assert_parking_refused(client, efile, cases):
    """Each (form, status, message): parking the file with that form is answered so."""
    for form, status, message in cases:
        answer = client.post(f"/files/{efile.id}/park", data=form)
        assert (answer.status_code, message in answer.get_data(as_text=True)) == (status, True), \
            form


def test_park_then_the_same_form_from_a_second_tab(client, org):
    efile, token = _held_file(client, org)
    form = {"csrf_token": token, "version": efile.version, "remarks": "Awaiting report"}
    first = client.post(f"/files/{efile.id}/park", data=form)
    assert first.status_code == 303
    parked = _state(efile)
    assert parked[0] == "parked"

    again = client.post(f"/files/{efile.id}/park", data=form)
    text = again.get_data(as_text=True)
    assert again.status_code == 409 and "moved while you were working on it" in text
    assert _state(efile) == parked  # one park, recorded once


def test_missing_or_forged_csrf_changes_nothing(client, org):
    efile, token = _held_file(client, org)
    before = _state(efile)
    expired = "Your form expired or was not sent from this portal"
    _assert_parking_refused(client, efile, [
        ({"version": efile.version}, 400, expired),
        ({"version": efile.version, "csrf_token": "forged" + token[6:]}, 400, expired),
        ({"version": efile.version, "csrf_token": ""}, 400, expired)])
    assert _state(efile) == before


def test_values_out_of_range_are_refused_with_their_reason(client, org):
    efile, token = _held_file(client, org)
    before = _state(efile)
    _assert_parking_refused(client, efile, [
        ({"csrf_token": token, "version": "seven"}, 422, "Not a valid integer value."),
        ({"csrf_token": token, "version": efile.version, "remarks": "x" * 1001}, 422,
         "Field cannot be longer than 1000 characters."),
        ({"csrf_token": token, "version": "9" * 30}, 409, "moved while you were working on it"),
        ({"csrf_token": token, "version": "-1"}, 409, "moved while you were working on it")])
    closing = client.post(f"/files/{efile.id}/close",
                          data={"csrf_token": token, "version": efile.version, "reason": "  "})
    assert closing.status_code == 422
    assert "Give a reason for closing." in closing.get_data(as_text=True)
    assert _state(efile) == before


def test_a_refusal_from_a_list_keeps_the_list_and_says_why(client, org):
    efile, token = _held_file(client, org)
    before = _state(efile)
    answer = client.post(f"/files/{efile.id}/close", headers=LIST,
                         data={"csrf_token": token, "version": efile.version})
    assert answer.status_code == 422 and answer.get_data(as_text=True) == ""
    assert answer.headers["HX-Reswap"] == "none"
    assert answer.headers["HX-Trigger"] == "items-changed"
    listed = client.get("/inbox", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Give a reason for closing." in listed and "Road repair at Khanyar" in listed
    assert _state(efile) == before


def test_the_refusal_is_in_the_users_language(client, org):
    efile, token = _held_file(client, org)
    client.post("/language", data={"csrf_token": token, "language": "hi"})
    answer = client.post(f"/files/{efile.id}/close",
                         data={"csrf_token": token, "version": efile.version})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "बंद करने का कारण लिखें।" in text
    assert 'lang="hi"' in text
    assert _state(efile)[0] == "active"


def test_a_language_not_offered_is_refused_and_kept_as_it_was(client, org):
    efile, token = _held_file(client, org)
    answer = client.post("/language", data={"csrf_token": token, "language": "xx"})
    assert answer.status_code == 422 and "Not a valid choice." in answer.get_data(as_text=True)
    db.session.expire_all()
    assert org["users"]["so.srinagar"].language == "en"
    assert 'lang="en"' in client.get("/inbox").get_data(as_text=True)


def test_pulling_back_twice_from_two_tabs(client, org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"], subject="Sent by mistake")
    send(users["so.srinagar"], efile, [posts["adc"].id])
    db.session.commit()
    login(client, "so.srinagar")
    form = {"csrf_token": csrf_token(client), "version": efile.version}
    assert client.post(f"/files/{efile.id}/pull-back", data=form).status_code == 303
    back = _state(efile)
    assert back[2] == posts["so"].id
    again = client.post(f"/files/{efile.id}/pull-back", data=form)
    assert again.status_code == 409
    assert f'href="/files/{efile.id}"' in again.get_data(as_text=True)
    assert _state(efile) == back


def test_discarding_a_draft_paragraph_twice_and_without_a_token(client, org):
    so = org["users"]["so.srinagar"]
    efile = make_file(so, subject="Noting")
    note = add_note(so, efile, "<p>First thoughts</p>")
    db.session.commit()
    login(client, "so.srinagar")
    url = f"/files/{efile.id}/notes/{note.id}/discard"
    assert client.post(url, data={}).status_code == 400
    assert db.session.get(Note, note.id) is not None
    form = {"csrf_token": csrf_token(client)}
    assert client.post(url, data=form).status_code == 303
    again = client.post(url, data=form)  # the other tab: the paragraph is gone
    assert again.status_code == 404
    db.session.expire_all()
    assert db.session.get(Note, note.id) is None


def test_putting_a_receipt_in_a_file_from_a_second_tab(client, org):
    users, posts = org["users"], org["posts"]
    receipt = make_receipt(users["cru.srinagar"])
    send(users["cru.srinagar"], receipt, [posts["so"].id])
    efile = make_file(users["so.srinagar"], subject="Where it goes")
    db.session.commit()
    login(client, "so.srinagar")
    form = {"csrf_token": csrf_token(client), "version": receipt.version, "efile_id": efile.id}
    assert client.post(f"/receipts/{receipt.id}/put-in-file", data=form).status_code == 303
    again = client.post(f"/receipts/{receipt.id}/put-in-file", data=form)
    assert again.status_code == 409
    assert "moved while you were working on it" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Movement).where(
        Movement.receipt_id == receipt.id, Movement.action == "attach")) == 1
