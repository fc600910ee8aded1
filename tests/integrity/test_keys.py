"""Keys cannot drift between hosts: a process whose audit or secret key differs from the
database's refuses to start, naming the variable, and /healthz says why."""
import secrets
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from eoffice import audit, create_app
from eoffice.extensions import db
from eoffice.integrity import keys
from eoffice.models import AuditEvent, KeyFingerprint
from tests.browser.server import ROOT, PortalServer, free_port


def test_first_start_records_the_fingerprints_and_the_same_keys_start_again(shared_app):
    uri = shared_app.config["SQLALCHEMY_DATABASE_URI"]
    create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=uri)
    recorded = dict(db.session.execute(select(KeyFingerprint.name,
                                              KeyFingerprint.fingerprint)).all())
    assert recorded == {"AUDIT_KEY": keys.fingerprint("AUDIT_KEY"),
                        "SECRET_KEY": keys.fingerprint("SECRET_KEY")}
    assert "test-audit-key" not in str(recorded) and len(recorded["AUDIT_KEY"]) == 16
    create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=uri)  # same keys: starts


@pytest.mark.parametrize("name, variable", [("AUDIT_KEY", "EOFFICE_AUDIT_KEY"),
                                            ("SECRET_KEY", "SECRET_KEY")])
def test_an_app_with_another_key_on_the_same_database_refuses_to_start(shared_app, name,
                                                                       variable):
    uri = shared_app.config["SQLALCHEMY_DATABASE_URI"]
    create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=uri)
    with pytest.raises(keys.KeysDiffer) as refused:
        create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=uri, **{name: "another key"})
    message = str(refused.value)
    assert message.startswith("eoffice will not start: ")
    assert f"{variable} (or instance/" in message and f"the same {variable} as" in message
    assert "another key" not in message


def test_the_fingerprint_rows_are_append_only(shared_app):
    from tests.integrity.tamper import refused

    create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=shared_app.config[
        "SQLALCHEMY_DATABASE_URI"])
    refused("UPDATE key_fingerprint SET fingerprint = 'x'")
    refused("DELETE FROM key_fingerprint")


def test_healthz_says_why_when_the_keys_differ(app, client):
    keys.key_problems(record=True)
    db.session.commit()
    assert client.get("/healthz").get_json()["checks"]["keys"]["ok"] is True
    app.config["AUDIT_KEY"] = "another key"
    response = client.get("/healthz")
    assert response.status_code == 503
    answer = response.get_json()
    assert answer["status"] == "not_ready" and answer["checks"]["keys"]["ok"] is False
    assert "EOFFICE_AUDIT_KEY (or instance/audit_key) differs" in answer["checks"]["keys"]["detail"]


def test_a_second_gunicorn_with_other_keys_refuses_to_start():
    """A real second host: gunicorn on the same database without the shared audit key."""
    with PortalServer(workers=1, threads=1) as server:
        environment = {**server.env, "EOFFICE_AUDIT_KEY": secrets.token_hex(32)}
        result = subprocess.run(
            [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
             f"127.0.0.1:{free_port()}", "app:app"],
            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
        assert result.returncode != 0
        assert "EOFFICE_AUDIT_KEY (or instance/audit_key) differs from the key this " \
               "database's records were sealed with" in result.stderr
        assert "Everything verified." in server.flask("eoffice", "verify")


def test_without_fingerprints_the_newest_event_tells_a_foreign_audit_key(app):
    """A database from before fingerprints were kept: the audit log's newest event shows
    that this host's key did not seal it, and no fingerprint is recorded for that key."""
    audit.record("test.event", detail="sealed with the database's key")
    db.session.commit()
    newest = db.session.scalar(select(func.max(AuditEvent.id)))
    assert keys.key_problems() == []
    app.config["AUDIT_KEY"] = "another-host-made-up-its-own-key-" + "x" * 32
    assert keys.differing_keys(record=True) == [
        f"EOFFICE_AUDIT_KEY is not the key the audit log was sealed with (its newest event, "
        f"{newest}, does not verify)"]
    assert db.session.scalars(select(KeyFingerprint)).all() == []
    app.config["SECRET_KEY"] = "short"
    assert "SECRET_KEY is missing or shorter than 32 characters" in keys.key_problems()
