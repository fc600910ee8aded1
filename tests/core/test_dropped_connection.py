"""PostgreSQL drops a connection mid-request (a restart, a failover, an administrator's
pg_terminate_backend): the request answers cleanly (the API with JSON 503, a page that
had already been built as built), never with the server's bare HTML 500 that an
exception outside the error handlers gives."""
import pytest
from sqlalchemy import create_engine, text

from eoffice import create_app
from eoffice.extensions import db
from tests.api.conftest import personal_token
from tests.conftest import POSTGRES, RequestClient, login

pytestmark = pytest.mark.skipif(not POSTGRES, reason="drops a PostgreSQL connection")


def terminate(pid):
    killer = create_engine(db.engine.url)
    with killer.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()


@pytest.fixture
def serving(app, org):
    """A second app over the same database, serving requests without the test's app
    context, so each request tears its own context down as under gunicorn."""
    token = personal_token("so.srinagar")
    db.session.commit()
    served = create_app("config.TestConfig")
    served.test_client_class = RequestClient
    served.config["PROPAGATE_EXCEPTIONS"] = False
    return served, token


def _drop_on(served, moment):
    """Arm a hook that terminates the request's connection once, at `moment`."""
    armed = {"once": False}

    def drop(*args):
        if armed["once"]:
            armed["once"] = False
            terminate(db.session.execute(text("SELECT pg_backend_pid()")).scalar())
        return args[0] if args else None
    getattr(served, moment)(drop)
    return armed


def test_connection_dropped_after_the_answer_is_built_keeps_the_answer(serving):
    served, _token = serving
    client = served.test_client()
    armed = _drop_on(served, "after_request")
    assert login(client, "so.srinagar").status_code == 303
    armed["once"] = True
    response = client.get("/inbox")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert client.get("/inbox").status_code == 200  # the pool threw the dead one away


def test_connection_dropped_mid_request_gives_the_api_json_503(serving):
    served, token = serving
    client = served.test_client()
    _drop_on(served, "before_request")["once"] = True
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.json["error"]["code"] == "unavailable"
    again = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 200
