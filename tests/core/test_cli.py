import pytest
from sqlalchemy import func, select

from eoffice.extensions import db
from eoffice.models import Office, OrgUnit, User


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

