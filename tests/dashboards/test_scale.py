"""The UT dashboard stays small and its subtree reads stay indexed."""
import gzip
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, text

from eoffice.clock import today as local_today
from eoffice.demo import load_demo
from eoffice.extensions import db
from eoffice.models import DailyActiveUser, DailyOfficeStat, Office, OrgUnit, Post, PostHolding
from tests.conftest import POSTGRES, login
from tests.core.test_page_budget import BUDGET, first_load_bytes
from tests.factories import make_unit


def fill_twelve_weeks(offices, holders):
    """Busy rollups for every office and every day of twelve weeks, with big numbers."""
    today = local_today()
    days = [today - timedelta(days=back) for back in range(84)]
    db.session.execute(delete(DailyOfficeStat))  # replace what the demo's activity made
    db.session.execute(delete(DailyActiveUser))
    db.session.execute(DailyOfficeStat.__table__.insert(), [
        {"day": day, "office_id": office, "e_files": 1234, "physical_files": 567,
         "e_receipts": 2345, "physical_receipts": 678, "movements": 98765}
        for office in offices for day in days])
    db.session.execute(DailyActiveUser.__table__.insert(), [
        {"day": day, "office_id": office, "user_id": user}
        for office, user in holders for day in days[::3]])


@pytest.mark.slow
def test_ut_month_view_within_the_page_budget(app, client):
    load_demo(app.config["DEMO_PASSWORD"])
    offices = db.session.scalars(select(Office.id)).all()
    holders = db.session.execute(select(Post.office_id, PostHolding.user_id)
                                 .join(Post, Post.id == PostHolding.post_id)).all()
    fill_twelve_weeks(offices, holders)
    db.session.commit()
    login(client, "cs.it", app.config["DEMO_PASSWORD"])
    page = client.get("/dashboard?period=month").get_data(as_text=True)
    assert page.count("<svg") == 5 and page.count(">Lagging<") == 0
    # 20 districts, the IT department's office at UT level, 6 departments
    assert page.count('<th scope="row"><a href="/dashboard/') == 20 + 1 + 6
    assert first_load_bytes(client, "/dashboard?period=month") < BUDGET
    for path in ("/dashboard/JK?period=month", "/dashboard/SGR?period=last_month"):
        fragment = client.get(path, headers={"HX-Request": "true"}).get_data()
        assert len(gzip.compress(fragment, 9)) < 10 * 1024, path


def test_subtree_is_exact_for_look_alike_codes(org):
    kashmir = org["units"]["srinagar"].parent
    make_unit("SGR2", "district", kashmir)
    make_unit("SGR-X", "district", kashmir)
    codes = set(db.session.scalars(select(OrgUnit.code).where(OrgUnit.in_subtree("/JK/KMR/SGR/"))))
    assert codes == {"SGR", "SGR-T1"}
    assert len(db.session.scalars(select(OrgUnit.code).where(OrgUnit.in_subtree("/"))).all()) == 8


def test_subtree_is_an_indexed_range_query(org):
    query = select(OrgUnit.id).where(OrgUnit.in_subtree("/JK/KMR/SGR/"))
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if POSTGRES:
        db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table otherwise
        plan = "\n".join(db.session.scalars(text("EXPLAIN " + sql)))
        assert "ix_org_unit_path" in plan and "Index Cond" in plan, plan
    else:
        plan = " ".join(str(row) for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "INDEX ix_org_unit_path (path>? AND path<?)" in plan, plan
