"""The portal served for real (tests/browser/server.py) on SQLite, and the same on
PostgreSQL in a schema of its own inside the test database, for API tests that need
real processes and connections: concurrent requests, schemathesis."""
import json
import secrets
import urllib.error
import urllib.request

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.browser.server import PortalServer


class ApiPortalServer(PortalServer):
    """Rate limits are tested in-process; schemathesis sends hundreds of requests with
    one token within seconds, which must all reach the views."""

    def environment(self):
        # request lines up to 8 KB reach the portal, which answers 414 in JSON past 4 KB,
        # as deploy/gunicorn.conf.py has it
        return {**super().environment(), "EOFFICE_API_RATE_LIMIT": "100000 per minute",
                "GUNICORN_CMD_ARGS": "--limit-request-line 8190"}


class PostgresPortalServer(ApiPortalServer):
    """A PortalServer whose database is a fresh schema of a PostgreSQL database
    (migrated and loaded with the demo like the SQLite one); dropped afterwards."""

    def __init__(self, database_url, **kwargs):
        super().__init__(**kwargs)
        self.schema = f"api_server_{secrets.token_hex(4)}"
        self.admin_url = database_url
        self.database_url = make_url(database_url).update_query_dict(
            {"options": f"-csearch_path={self.schema}"}).render_as_string(hide_password=False)

    def environment(self):
        return {**super().environment(), "DATABASE_URL": self.database_url}

    def _schema(self, statement):
        engine = create_engine(self.admin_url)
        with engine.begin() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def start(self):
        self._schema(f'CREATE SCHEMA "{self.schema}"')
        return super().start()

    def stop(self):
        super().stop()
        self._schema(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


def new_token(server, *args):
    """A token made with the command line, which prints it alone on its last line."""
    return server.flask("eoffice", "token", "create", *args).strip().splitlines()[-1]


def call(server, method, path, token, body=None, timeout=30):
    """(status, JSON answer) of one request."""
    request = urllib.request.Request(
        server.url(path), method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
