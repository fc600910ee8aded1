import fcntl

import pytest
from sqlalchemy import func, select

from eoffice.extensions import db
from eoffice.models import AuditEvent, Office, OrgUnit, User
from tests.conftest import POSTGRES, file_app


@pytest.mark.slow
def test_demo_loads_districts_and_accounts(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["eoffice", "demo"])
    assert result.exit_code == 0, result.output
    districts = db.session.scalars(select(OrgUnit).filter_by(kind="district")).all()
    assert len(districts) == 20
    assert {d.parent.code for d in districts} == {"JMD", "KMR"}
    names = set(db.session.scalars(select(User.username)))
    for username in ("admin", "cs.it", "dc.srinagar", "dc.jammu", "cru.srinagar",
                     "so.srinagar", "adc.srinagar", "tehsildar.khanyar"):
        assert username in names
    adc = db.session.scalar(select(User).filter_by(username="adc.srinagar"))
    dc = db.session.scalar(select(User).filter_by(username="dc.srinagar"))
    assert adc.current_posts()[0].reports_to == dc.current_posts()[0]
    tehsildar = db.session.scalar(select(User).filter_by(username="tehsildar.khanyar"))
    assert tehsildar.current_posts()[0].office.org_unit.path == "/JK/KMR/SGR/SGR-T1/"
    assert db.session.scalar(select(func.count()).select_from(Office).filter(
        Office.code.like("DC-%"))) == 20
    again = runner.invoke(args=["eoffice", "demo", "--if-empty"])
    assert again.exit_code == 0 and "already" in again.output


def test_create_admin(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["eoffice", "create-admin", "--username", "root1", "--name", "Root",
                               "--employee-code", "E1", "--password", "short"])
    assert weak.exit_code != 0
    ok = runner.invoke(args=["eoffice", "create-admin", "--username", "itadmin", "--name", "IT",
                             "--employee-code", "E2", "--password", "a very long passphrase"])
    assert ok.exit_code == 0, ok.output
    user = db.session.scalar(select(User).filter_by(username="itadmin"))
    assert user.has_role("it_admin")



def test_create_admin_keeps_the_rules_of_any_account(app):
    """The command line makes accounts through the admin's service: the same checks, and
    an audit event with no one signed in."""
    runner = app.test_cli_runner()

    def create(username, code):
        return runner.invoke(args=["eoffice", "create-admin", "--username", username, "--name",
                                   "IT", "--employee-code", code, "--password",
                                   "a very long passphrase"])

    assert create("ItAdmin", "E2").exit_code == 0
    again = create("itadmin", "E3")
    assert again.exit_code != 0 and "already" in again.output
    assert create("it admin", "E4").exit_code != 0  # not a user name
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    user = db.session.scalar(select(User))
    assert user.username == "itadmin" and user.roles == {"it_admin"}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
    assert event.user_id is None and event.object_id == user.id


@pytest.fixture
def impatient_app(tmp_path, app, _snapshots):
    """A file database whose writers give up waiting for their turn after half a second."""
    if POSTGRES:
        pytest.skip("the writers' turn is SQLite's")
    yield from file_app(tmp_path, _snapshots, SQLITE_BUSY_SECONDS=0.5)


@pytest.mark.parametrize("command", [["rebuild-stats"], ["reindex"],
                                     ["create-admin", "--username", "late", "--name", "Late", "--employee-code", "E9",
                                      "--password", "A long enough passphrase 42"]])
def test_a_command_kept_waiting_for_the_writers_turn_says_so_in_a_line(impatient_app, command):
    turn = impatient_app.extensions["sqlalchemy"].engine.url.database + ".writers"
    users_before = db.session.scalar(select(func.count()).select_from(User))
    with open(turn, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a backup or another rebuild writing meanwhile
        result = impatient_app.test_cli_runner().invoke(args=["eoffice", *command])
    assert result.exit_code == 1
    assert "The database is busy or unavailable (database is locked: writers busy for over " \
        "0.5 s)" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before
