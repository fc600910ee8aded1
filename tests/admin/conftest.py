import pytest
from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import AuditEvent
from tests.conftest import csrf_from, login


@pytest.fixture
def admin(client, org):
    """A client signed in as the IT admin of the small test organisation."""
    assert login(client, "admin").status_code == 303
    return client


def submit(client, url, data, headers=None):
    """Open the form at `url`, then post `data` with that page's CSRF token."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    data = {**data, "csrf_token": csrf_from(page.get_data(as_text=True))}
    return client.post(url, data=data, headers=headers or {})


def audited(action, record):
    """The audit events of `action` about `record`."""
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_type == type(record).__name__,
        AuditEvent.object_id == record.id)).all()


@pytest.fixture
def it_admin(app, org):
    """For calling services directly: a request context (gettext needs one) and the admin."""
    with app.test_request_context():
        yield org["users"]["admin"]
