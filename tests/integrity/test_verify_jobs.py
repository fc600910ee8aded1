"""`verify --jobs N` shares the checks out among worker processes (each with its own
connection) and finds exactly what one process finds, named the same way."""
import pytest

from eoffice import create_app
from eoffice.extensions import db
from tests import factories
from tests.conftest import POSTGRES
from tests.integrity.tamper import forced


@pytest.fixture
def database_on_disk(app, tmp_path):
    """Workers need a database they can connect to themselves: PostgreSQL as the tests
    have it, or an SQLite file (an in-memory one is the parent's alone)."""
    if POSTGRES:
        yield app
        return
    own = create_app("config.TestConfig", SQLALCHEMY_ENGINE_OPTIONS={},
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/verify.db")
    own.instance_path = str(tmp_path)
    with own.app_context():
        db.create_all()
        yield own
        db.session.remove()
        db.engine.dispose()


def verify(app, *args):
    result = app.test_cli_runner().invoke(args=["eoffice", "verify", *args])
    return result.exit_code, result.output


def test_two_workers_find_what_one_finds(database_on_disk):
    app = database_on_disk
    factories.make_history(factories.make_org())
    db.session.commit()
    assert verify(app, "--jobs", "2") == (0, verify(app)[1])
    assert "Everything verified." in verify(app, "--jobs", "2")[1]
    movement = db.session.execute(db.text("SELECT min(id) FROM movement")).scalar()
    forced("movement", "UPDATE movement SET remarks = 'changed' WHERE id = :id", id=movement)
    forced("audit_event", "DELETE FROM audit_event WHERE id = (SELECT max(id) - 3 FROM "
           "audit_event)")
    one, two = verify(app), verify(app, "--jobs", "2")
    assert one[0] == two[0] == 1
    assert one[1] == two[1]
    assert f"movement {movement}: changed outside the portal" in two[1]
    assert "FAIL  audit chain" in two[1]


@pytest.mark.skipif(POSTGRES, reason="an in-memory database is SQLite's")
def test_an_in_memory_database_is_verified_in_one_process(app, org):
    factories.make_history(org)
    assert verify(app, "--jobs", "2") == verify(app)
    assert verify(app, "--jobs", "2")[0] == 0
