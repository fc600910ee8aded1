"""Many people moving items in one office at once: every transaction gets through
and the rollups still equal a rebuild from the movement log.

A send to several posts records its copies (no day counter) before its sends (a day
counter), a plain send the other way round; were the rollup row written before the
audit chain lock in `record()`, the two orders would deadlock on PostgreSQL.

And two IT admins setting a unit's first onboarding target at the same moment: both
land, on one row, instead of the second failing on its key."""
from sqlalchemy import func, select

from eoffice.dak.services import diarise
from eoffice.dashboards import rollups
from eoffice.dashboards.targets import set_target
from eoffice.extensions import db
from eoffice.models import DailyOfficeStat, OrgUnit, Receipt, UnitTarget
from eoffice.movement import services
from tests.factories import make_org, receipt_data
from tests.movement.test_concurrency import run_together, user

THREADS = 10


def test_concurrent_sends_keep_rollups_exact(shared_app):  # noqa: F811
    org = make_org()
    cru = org["users"]["cru.srinagar"]
    posts = [org["posts"][name].id for name in ("so", "adc", "dc")]
    receipt_ids = [diarise(cru, cru.current_posts()[0], receipt_data(subject=f"Dak {index}")).id
                   for index in range(THREADS)]
    db.session.commit()

    def work(index):
        receipt = db.session.get(Receipt, receipt_ids[index])
        services.send(user("cru.srinagar"), receipt, posts if index % 2 else posts[:1])
        return "sent"

    for _round in range(3):
        results = run_together(shared_app, THREADS, work)
        assert results == ["sent"] * THREADS, results
        db.session.expire_all()
        for receipt_id in receipt_ids:  # back to the diarist for the next round
            receipt = db.session.get(Receipt, receipt_id)
            receipt.holder_post_id = org["posts"]["cru"].id
        db.session.commit()
    assert rollups.differences() == []
    sends = db.session.scalar(select(func.sum(DailyOfficeStat.movements)))
    assert sends == 3 * sum(3 if index % 2 else 1 for index in range(THREADS))


def test_two_first_targets_for_a_unit_make_one_row(shared_app):
    org = make_org()
    unit_id = org["units"]["srinagar"].id
    db.session.commit()

    def set_one(index):
        set_target(user("admin"), db.session.get(OrgUnit, unit_id), 10 + index, 100)
        return "set"

    assert run_together(shared_app, 2, set_one) == ["set", "set"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(UnitTarget)) == 1
    assert db.session.get(UnitTarget, unit_id).offices_target in (10, 11)
