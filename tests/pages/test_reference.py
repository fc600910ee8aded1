"""The bench's reference inbox (bench/reference.py) shows the very rows the portal's
inbox shows, cell for cell, in each language: "x reference" compares like with like."""
import html
import re
import sqlite3

import pytest

from bench.reference import create_app
from eoffice.extensions import db
from tests.conftest import POSTGRES, login

ROW, CELL, TAG = (re.compile(r"<tr[^>]*>(.*?)</tr>", re.S),
                  re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S), re.compile(r"<[^>]+>"))


def cells(page):
    return [[" ".join(html.unescape(TAG.sub(" ", cell)).split()) for cell in CELL.findall(row)]
            for row in ROW.findall(page)]


@pytest.fixture
def reference(app, pages, tmp_path):
    db.session.commit()
    if POSTGRES:
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    else:  # the tests' database lives in memory: the reference reads a copy of it
        url = f"sqlite:///{tmp_path / 'reference.db'}"
        copy = sqlite3.connect(tmp_path / "reference.db")
        raw = db.engine.raw_connection()
        raw.driver_connection.backup(copy)
        raw.close()
        copy.close()
    return create_app(url)


@pytest.mark.parametrize("user", ["so.srinagar", "adc.srinagar", "cru.srinagar"])
def test_reference_inbox_shows_the_portals_rows_cell_for_cell(app, reference, user):
    portal = app.test_client()
    login(portal, user)
    mine = portal.get("/inbox").get_data(as_text=True)
    bare = reference.test_client()
    assert bare.get(f"/sign-in/{user}").status_code == 200
    theirs = bare.get("/inbox")
    assert theirs.status_code == 200
    rows = cells(mine)
    assert len(rows) > 1 and rows == cells(theirs.get_data(as_text=True))
    for fragment in (portal.get("/inbox", headers={"HX-Request": "true"}),
                     bare.get("/inbox", headers={"HX-Request": "true"})):
        assert cells(fragment.get_data(as_text=True)) == rows
    # about the same page: the reference writes the same markup with less whitespace
    assert 0.85 < len(theirs.data) / len(mine) < 1.05


def test_reference_refuses_an_ended_session(app, reference):
    bare = reference.test_client()
    bare.get("/sign-in/so.srinagar")
    with reference.app_context():
        from bench.reference import db as reference_db
        reference_db.session.execute(db.text("UPDATE user_session SET ended_at = created_at"))
        reference_db.session.commit()
    assert bare.get("/inbox").status_code == 401
