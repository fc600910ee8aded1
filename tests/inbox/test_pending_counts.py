"""The pending counts kept per post agree with the items after every kind of change,
and the pendency page built on them gives the same numbers as counting the items."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from eoffice import audit
from eoffice.clock import utcnow
from eoffice.dak.services import put_in_file
from eoffice.extensions import db
from eoffice.inbox import pending
from eoffice.inbox.queries import KINDS, PENDING, pendency
from eoffice.models import AuditEvent, EFile, PendingCount, PostHolding, Receipt
from eoffice.movement import services
from tests.factories import make_file, make_receipt


def kept(name, post, kind="file"):
    return db.session.scalar(select(PendingCount.items).where(
        PendingCount.list == name, PendingCount.post_id == post.id,
        PendingCount.kind == kind)) or 0


def counted_directly(posts):
    """Each list's total for these posts, counted from the items with the page's rule."""
    return {name: sum(db.session.scalar(select(func.count()).where(*rule(model)),
                                        {"posts": sorted(posts)}) for _kind, model in KINDS)
            for name, rule in PENDING.items()}


def test_every_workflow_keeps_the_counts_right(org):
    users, posts = org["users"], org["posts"]
    so, adc, cru = users["so.srinagar"], users["adc.srinagar"], users["cru.srinagar"]
    efile = make_file(so)
    db.session.commit()
    assert kept("with_me", posts["so"]) == 1
    services.send(so, efile, [posts["adc"].id])
    db.session.commit()
    assert (kept("with_me", posts["so"]), kept("with_me", posts["adc"])) == (0, 1)
    assert kept("with_others", posts["so"]) == 1
    services.pull_back(so, efile)
    services.park(so, efile, "awaiting report")
    db.session.commit()
    assert (kept("with_me", posts["so"]), kept("with_others", posts["so"])) == (1, 0)
    services.unpark(so, efile)
    services.send(so, efile, [posts["adc"].id])
    services.send(adc, efile, [posts["so"].id])
    services.close(so, efile, "Matter settled")
    db.session.commit()
    assert kept("with_me", posts["so"]) == 0 and kept("with_others", posts["adc"]) == 0
    services.reopen(so, efile)
    db.session.commit()
    assert kept("with_me", posts["so"]) == 1

    receipt = make_receipt(cru)
    services.send(cru, receipt, [posts["so"].id, posts["adc"].id, posts["tehsildar"].id])
    db.session.commit()
    assert kept("with_me", posts["tehsildar"], "receipt") == 1  # a copy
    assert kept("with_others", posts["cru"], "receipt") == 3
    put_in_file(so, receipt, efile)
    db.session.commit()
    assert pending.differences() == []
    assert db.session.scalar(select(func.sum(PendingCount.items))) > 0


def test_a_change_made_after_a_commit_expired_the_item_is_counted(org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    efile = make_file(so)
    db.session.commit()  # efile is expired now: its old holder is not in memory
    efile.holder_post_id = posts["tehsildar"].id
    efile.sent_by_post_id = posts["so"].id
    db.session.commit()
    assert kept("with_me", posts["so"]) == 0
    assert kept("with_me", posts["tehsildar"]) == 1
    assert pending.differences() == []


def test_a_rolled_back_savepoint_takes_its_counts_with_it(org):
    users, posts = org["users"], org["posts"]
    first = make_receipt(users["cru.srinagar"])
    db.session.commit()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        copy = Receipt(**{column: getattr(first, column) for column in (
            "office_id", "diary_no", "diary_year", "diary_serial", "subject", "received_on",
            "diarised_at", "mode", "category", "created_by_id", "created_by_post_id")},
            holder_post_id=posts["adc"].id, holder_since=first.holder_since)
        db.session.add(copy)
        db.session.flush()  # the counts take the copy in, then its diary number clashes
    db.session.commit()
    assert kept("with_me", posts["adc"], "receipt") == 0
    assert pending.differences() == []


def test_pendency_of_several_posts_matches_a_direct_count(app, org):
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    db.session.add(PostHolding(user=adc, post=posts["tehsildar"], kind="additional",
                               starts_on=date(2026, 1, 1)))
    for target in ("tehsildar", "so", "dc"):
        efile = make_file(adc, subject=f"To {target}")
        services.send(adc, efile, [posts[target].id])
    sent_on = make_file(so, subject="Via the ADC")
    services.send(so, sent_on, [posts["adc"].id])
    db.session.commit()
    with app.test_request_context():
        both = {posts["adc"].id, posts["tehsildar"].id}
        shown = pendency(adc)
        # the file sent from one of the ADC's posts to the other is still with the ADC
        assert {name: shown[name]["total"] for name in PENDING} == counted_directly(both)
        assert shown["with_others"]["total"] == 2 and shown["with_me"]["total"] == 2


def test_the_oldest_bucket_is_the_rest_of_the_total(app, org):
    users = org["users"]
    so = users["so.srinagar"]
    for days in (2, 40, 400):
        efile = make_file(so, subject=f"{days} days old")
        db.session.flush()
        db.session.execute(update(EFile).where(EFile.id == efile.id).values(
            holder_since=utcnow() - timedelta(days=days), version=EFile.version + 1))
    db.session.commit()
    with app.test_request_context():
        assert pendency(so)["with_me"]["buckets"] == {"0-7": 1, "8-15": 0, "16-30": 0, "30+": 2}


def test_rebuild_recounts_and_the_check_command_reports_drift(app, org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"])
    services.send(users["so.srinagar"], efile, [posts["adc"].id])
    db.session.commit()
    db.session.execute(update(PendingCount).values(items=PendingCount.items + 5))
    db.session.commit()
    assert pending.differences()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["eoffice", "rebuild-stats", "--check"])
    assert result.exit_code == 1 and "pending_count" in result.output
    result = runner.invoke(args=["eoffice", "rebuild-stats"])
    assert result.exit_code == 0 and "pending_count" in result.output
    db.session.expire_all()
    assert pending.differences() == []
    assert kept("with_me", posts["adc"]) == 1
    details = db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "stats.rebuild")).all()
    assert "pending counts recounted from the items" in details
    assert audit.verify_chain() == []
