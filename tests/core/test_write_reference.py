"""The bench's write reference (bench/write_reference.py) keeps the portal's rules for
what a write leaves behind: its receipts, movements and audit events verify as the
portal's own do (seals, chain), it refuses a form without its CSRF token and bad JSON
without writing, and it numbers diary entries in the office's series."""
import hashlib
import secrets
from datetime import date

import pytest
from sqlalchemy import func, select, text

from bench import write_reference
from bench.actions import receipt_form, receipt_json
from eoffice import audit, create_app
from eoffice.extensions import db
from eoffice.integrity import seals
from eoffice.models import AuditEvent, Movement, Post, Receipt, User
from tests.conftest import POSTGRES
from tests.factories import make_org


@pytest.fixture()
def portal(request, tmp_path):
    """The portal on a database the reference can open too (a file on SQLite)."""
    if POSTGRES:
        app = request.getfixturevalue("app")  # emptied for this test
        make_org()
        db.session.commit()
        yield app
        return
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/writes.db")
    with app.app_context():
        db.create_all()
        make_org()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def _reference(portal):
    url = portal.config["SQLALCHEMY_DATABASE_URI"]
    return write_reference.create_app(url, "reference secret", portal.config["AUDIT_KEY"])


def _token_of(username):
    raw = "eo_" + secrets.token_urlsafe(32)
    db.session.execute(text(
        "INSERT INTO api_token (name, kind, user_id, token_hash, prefix, created_at) "
        "SELECT 'tests', 'personal', id, :digest, :prefix, CURRENT_TIMESTAMP "
        "FROM user_account WHERE username = :name"),
        {"digest": hashlib.sha256(raw.encode()).hexdigest(), "prefix": raw[:11],
         "name": username})
    db.session.commit()
    return raw


def _post_of(username):
    user = db.session.scalar(select(User).where(User.username == username))
    return user.current_posts()[0]


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_its_receipts_movements_and_events_verify_as_the_portals_do(portal):
    post = _post_of("so.srinagar")
    reference = _reference(portal)
    client = reference.test_client()
    csrf = client.get("/sign-in?username=so.srinagar").get_json()["csrf_token"]
    page = client.post("/receipts/new", data=dict(receipt_form(post.id, 1), csrf_token=csrf))
    assert page.status_code == 303
    api = client.post("/api/receipts", json=receipt_json(2),
                      headers={"Authorization": f"Bearer {_token_of('so.srinagar')}"})
    assert api.status_code == 201

    db.session.expire_all()
    receipts = db.session.scalars(select(Receipt).order_by(Receipt.id)).all()
    year = date.today().year
    code = db.session.get(Post, post.id).office.code
    assert [r.diary_no for r in receipts] == [f"{code}/{year}/00001", f"{code}/{year}/00002"]
    assert api.get_json()["diary_no"] == receipts[1].diary_no
    assert all(r.holder_post_id == post.id and r.seal for r in receipts)
    movements = db.session.scalars(select(Movement).order_by(Movement.id)).all()
    assert [(m.receipt_id, m.action) for m in movements] == [(r.id, "create") for r in receipts]
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "receipt.create").order_by(AuditEvent.id)).all()
    assert [e.object_id for e in events] == [r.id for r in receipts]
    assert audit.verify_chain() == []
    assert seals.check("receipt") == [] and seals.check("movement") == []

    # ... and the portal's next event chains on from the reference's last one
    audit.record("tests.after", detail="after the reference")
    db.session.commit()
    assert audit.verify_chain() == []


def test_a_changed_sealed_field_no_longer_verifies(portal):
    """The seals are real: a receipt rewritten from SQL after the reference wrote it fails."""
    client = _reference(portal).test_client()
    csrf = client.get("/sign-in?username=so.srinagar").get_json()["csrf_token"]
    client.post("/receipts/new", data=dict(receipt_form(_post_of("so.srinagar").id, 1),
                                           csrf_token=csrf))
    db.session.execute(text("UPDATE receipt SET subject = 'Quietly changed'"))
    db.session.commit()
    assert len(seals.check("receipt")) == 1


def test_it_refuses_without_csrf_bad_json_or_a_token_and_writes_nothing(portal):
    post = _post_of("so.srinagar")
    client = _reference(portal).test_client()
    client.get("/sign-in?username=so.srinagar")
    token = {"Authorization": f"Bearer {_token_of('so.srinagar')}"}
    before = (_count(Receipt), _count(Movement), _count(AuditEvent))

    assert client.post("/receipts/new", data=receipt_form(post.id, 1)).status_code == 400
    assert client.post("/api/receipts", json={**receipt_json(1), "mode": "pigeon"},
                       headers=token).status_code == 422
    assert client.post("/api/receipts", json={**receipt_json(1), "subject": " "},
                       headers=token).status_code == 422
    assert client.post("/api/receipts", json=receipt_json(1)).status_code == 401
    assert client.post("/api/receipts", json=receipt_json(1),
                       headers={"Authorization": "Bearer eo_forged"}).status_code == 401
    assert (_count(Receipt), _count(Movement), _count(AuditEvent)) == before


def test_only_for_a_post_the_user_holds(portal):
    other = _post_of("dc.srinagar")
    client = _reference(portal).test_client()
    csrf = client.get("/sign-in?username=so.srinagar").get_json()["csrf_token"]
    answer = client.post("/receipts/new", data=dict(receipt_form(other.id, 1), csrf_token=csrf))
    assert answer.status_code == 403
    assert _count(Receipt) == 0
