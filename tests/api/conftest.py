"""API test helpers: tokens made through the token service, a client that sends them."""
import base64
import os

import pytest
from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import Office, User
from eoffice.tokens.services import create_personal_token, create_service_token
from tests.api.servers import ApiPortalServer, PostgresPortalServer
from tests.conftest import POSTGRES
from tests.factories import PDF_BYTES


class Api:
    """`api.get(path)`, `api.post(path, json)`: JSON requests with a bearer token."""

    def __init__(self, client, token):
        self.client = client
        self.token = token

    def headers(self, extra=None):
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path, **kwargs):
        return self.client.get(path, headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.client.post(path, json=json, headers=self.headers(kwargs.pop("headers", None)),
                                **kwargs)


def personal_token(username):
    user = db.session.scalar(select(User).where(User.username == username))
    _token, raw = create_personal_token(user, "tests")
    db.session.commit()
    return raw


def service_token(client="eunnat", offices=("DC-SGR",)):
    _token, raw = create_service_token(client, offices)
    db.session.commit()
    return raw


@pytest.fixture
def api_as(client, org):
    """api_as("so.srinagar") -> Api with a fresh personal token of that user."""
    return lambda username: Api(client, personal_token(username))


@pytest.fixture
def eunnat(client, org):
    return Api(client, service_token())


def application(**overrides):
    """A citizen's application as e-UNNAT sends it."""
    body = {"subject": "Domicile certificate: Ghulam Nabi Dar",
            "sender": {"name": "Ghulam Nabi Dar", "address": "Khanyar, Srinagar",
                       "mobile": "9419000000", "email": "gn.dar@example.org"},
            "letter_no": "EUN/2026/000123", "letter_date": "2026-01-05",
            "received_on": "2026-01-06", "mode": "eunnat", "category": "application",
            "external_ref": "EUN-000123", "office": "DC-SGR",
            "attachments": [{"filename": "form.pdf",
                             "content": base64.b64encode(PDF_BYTES).decode()}]}
    body.update(overrides)
    return body


def invalid_fields(response):
    """The field problems of a 422 answer."""
    assert response.status_code == 422, (response.status_code, response.json)
    return response.json["error"]["fields"]


def office(code):
    return db.session.scalar(select(Office).where(Office.code == code))


@pytest.fixture(scope="session")
def sqlite_server():
    """gunicorn (2 workers x 4 threads) on SQLite with the demo organisation."""
    with ApiPortalServer() as server:
        yield server


@pytest.fixture(scope="session")
def postgresql_server():
    if not POSTGRES:
        pytest.skip("PostgreSQL run only (EOFFICE_TEST_DATABASE_URL=postgresql...)")
    with PostgresPortalServer(os.environ["EOFFICE_TEST_DATABASE_URL"]) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def real_server(request):
    """The real portal on each database this run covers."""
    if request.param == "sqlite" and POSTGRES:
        pytest.skip("the SQLite run covers SQLite")
    return request.getfixturevalue(f"{request.param}_server")
