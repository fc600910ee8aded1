"""A signing password is a password like the sign-in's: wrong ones count toward the
account's lockout (and the count is kept though the act is refused), and a locked
account signs nothing, whatever it types, on the pages and through the API."""
from sqlalchemy import func, select

from eoffice.drafts import services as drafts
from eoffice.extensions import db
from eoffice.models import AuditEvent, Note, Signature, User
from eoffice.movement import services as movement
from eoffice.notes import services
from tests.api.conftest import Api, personal_token
from tests.conftest import login
from tests.factories import PASSWORD, make_file
from tests.notes.test_pages import send_page_post, signed_in


def account(username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def signatures():
    return db.session.scalar(select(func.count()).select_from(Signature))


def test_wrong_signing_passwords_on_the_send_page_count_and_then_lock(app, org):
    so, adc_post = org["users"]["so.srinagar"], org["posts"]["adc"]
    efile = make_file(so)
    note = services.add_note(so, efile, "<p>Examined. May be approved.</p>")
    db.session.commit()
    client = signed_in(app, "so.srinagar")

    wrong = send_page_post(client, efile, adc_post, "guess-number-one")
    assert wrong.status_code == 422 and "password is not correct" in wrong.get_data(as_text=True)
    assert account("so.srinagar").failed_logins == 1  # counted, and kept though refused
    for attempt in range(app.config["LOCKOUT_THRESHOLD"] - 1):
        send_page_post(client, efile, adc_post, f"guess-number-{attempt + 2}")
    assert account("so.srinagar").locked_until is not None

    refused = send_page_post(client, efile, adc_post, PASSWORD)  # locked: even the right one
    assert refused.status_code == 422
    assert db.session.get(Note, note.id).status == "draft" and signatures() == 0
    assert db.session.get(type(efile), efile.id).holder_post_id != adc_post.id  # not sent
    assert login(app.test_client(), "so.srinagar").status_code != 303  # and no sign-in either
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "login.failure",
        AuditEvent.detail.like("%signing%"))) >= app.config["LOCKOUT_THRESHOLD"]


def test_a_wrong_approval_password_through_the_api_is_counted_and_approves_nothing(client, org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    efile = make_file(so)
    draft = drafts.create_draft(so, efile, "Reply", "<p>Sir, the matter is examined.</p>")
    movement.send(so, efile, [posts["adc"].id])
    db.session.commit()
    api = Api(client, personal_token("adc.srinagar"))
    before = account("adc.srinagar").failed_logins or 0

    wrong = api.post(f"/api/v1/drafts/{draft.id}/approve", {"password": "a-wrong-guess"})
    assert wrong.status_code == 422
    assert wrong.get_json()["error"]["fields"] == {"password": "invalid"}
    assert account("adc.srinagar").failed_logins == before + 1
    assert db.session.get(type(draft), draft.id).status == "draft" and signatures() == 0

    right = api.post(f"/api/v1/drafts/{draft.id}/approve", {"password": PASSWORD})
    assert right.status_code == 200 and right.get_json()["status"] == "approved"
