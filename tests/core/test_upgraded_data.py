"""A database at the previous head, holding data, upgraded: its posts oversee what their
regular holders' roles gave them (and nothing more), and its kept figures agree with
the movement log and the items at once, without a `rebuild-stats`."""
import os

from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from eoffice import create_app
from eoffice.dashboards import rollups
from eoffice.extensions import db
from eoffice.inbox import pending
from eoffice.models import PostHolding, UserRole
from tests.factories import make_history, make_org, make_post, make_user

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BEFORE = ScriptDirectory(os.path.join(ROOT, "migrations")).get_revision(
    "1730_post_oversight").down_revision


def fresh_database(tmp_path):
    url = os.environ.get("EOFFICE_TEST_MIGRATION_URL") or f"sqlite:///{tmp_path}/m.db"
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_an_upgraded_database_gets_post_oversight_and_agrees_with_its_log(tmp_path):
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=fresh_database(tmp_path))
    with app.app_context():
        upgrade()
        org = make_org()
        make_history(org)
        posts, users = org["posts"], org["users"]
        # dc.jammu also holds ADC Srinagar by charge; a district head sits in a tehsil post
        db.session.add(PostHolding(user=users["dc.jammu"], post=posts["adc"], kind="additional",
                                   starts_on=users["dc.jammu"].holdings[0].starts_on))
        naib = make_post(org["offices"]["tehsil"], "Naib Tehsildar Khanyar")
        odd = make_user("odd.head", naib, roles=("official",))
        db.session.add(UserRole(user_id=odd.id, role="district_head"))
        db.session.commit()
        ids = {name: post.id for name, post in {**posts, "naib": naib}.items()}
        db.session.remove()

        downgrade(revision=BEFORE)  # the previous head: no oversight column yet
        with db.engine.begin() as connection:  # kept figures lost (or never kept)
            for table in ("pending_count", "daily_office_stat", "daily_active_user",
                          "weekly_active_user", "file_disposal"):
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608
        assert rollups.differences() and pending.differences()
        db.session.remove()

        upgrade()
        oversight = dict(db.session.execute(text("SELECT id, oversight FROM post")).all())
        assert rollups.differences() == []
        assert pending.differences() == []
        db.session.remove()
    assert {name: oversight[post_id] for name, post_id in ids.items()} == {
        "dc": "district", "dc_jammu": "district", "cs": "ut", "adc": "none", "so": "none",
        "cru": "none", "tehsildar": "none", "naib": "none"}
