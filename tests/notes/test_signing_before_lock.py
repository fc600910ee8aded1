"""A signer's password is checked before the transaction locks anything: an argon2id
check takes a few hundred milliseconds of a core, and behind SQLite's writer turn or a
file's row lock every other writer (of the database, of that file) would wait for it."""
import pytest
from sqlalchemy import select, text

from eoffice import signing
from eoffice.auth import passwords
from eoffice.drafts import services as drafts
from eoffice.errors import WorkflowError
from eoffice.extensions import db
from eoffice.models import Note, Signature
from eoffice.movement import services as movement
from eoffice.notes import services
from tests.factories import PASSWORD, make_file


def holds_a_write_lock():
    """SQLite: the transaction has become the writer (it holds the turn); PostgreSQL: it
    has a transaction id, which a write or a FOR UPDATE read gives it."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        return bool(connection.connection.info.get("writing"))
    return connection.execute(text("SELECT pg_current_xact_id_if_assigned()")).scalar() \
        is not None


@pytest.fixture
def checks(monkeypatch):
    """Each password check of a signer, as whether a write lock was held meanwhile."""
    seen, real = [], passwords.verify_password

    def watched(password_hash, password):
        seen.append(holds_a_write_lock())
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", watched)
    return seen


def test_sending_with_the_password_checks_it_before_the_file_is_locked(org, checks):
    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    note = services.add_note(so, efile, "<p>Examined. May be approved.</p>")
    db.session.commit()

    with pytest.raises(WorkflowError) as refused:
        services.sign_and_send(so, efile, "not-my-password", to_post_ids=[org["posts"]["adc"].id])
    assert refused.value.fields == {"password": "invalid"}
    assert checks == [False]
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Signature)) == 0

    services.sign_and_send(so, efile, PASSWORD, to_post_ids=[org["posts"]["adc"].id])
    db.session.commit()
    assert checks == [False, False]  # once, and before the lock
    signed = db.session.get(Note, note.id)
    assert signed.status == "final" and signed.signature_id is not None


def test_a_send_with_nothing_to_sign_checks_no_password(org, checks):
    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    db.session.commit()
    services.sign_and_send(so, efile, "whatever was typed", to_post_ids=[org["posts"]["adc"].id])
    db.session.commit()
    assert checks == [] and efile.holder_post_id == org["posts"]["adc"].id


def test_approving_a_draft_checks_the_password_before_the_file_is_locked(org, checks):
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    efile = make_file(so)
    draft = drafts.create_draft(so, efile, "Reply", "<p>Sir, the matter is examined.</p>")
    movement.send(so, efile, [posts["adc"].id])
    db.session.commit()

    with pytest.raises(WorkflowError):
        drafts.approve_draft(adc, draft, "not-my-password")
    db.session.rollback()
    drafts.approve_draft(adc, draft, PASSWORD)
    db.session.commit()
    assert checks == [False, False] and draft.status == "approved"


def test_signing_needs_the_signers_own_confirmation(org):
    so, adc = org["users"]["so.srinagar"], org["users"]["adc.srinagar"]
    with pytest.raises(WorkflowError):
        signing.confirm(so, "")
    for given in (PASSWORD, signing.confirm(adc, PASSWORD)):  # a bare password; another's
        with pytest.raises(ValueError):
            signing.sign(so, given, "payload")
    db.session.rollback()
