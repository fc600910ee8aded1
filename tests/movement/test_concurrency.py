"""Two people at once: exactly one wins, numbers stay unique and gap-free.

Real threads, each with its own session and connection, against a file-backed SQLite
database (or the PostgreSQL test database in CI)."""
import threading

from sqlalchemy import select

from eoffice.errors import Conflict
from eoffice.extensions import db
from eoffice.models import EFile, Movement, Receipt, User
from eoffice.movement import services
from tests.factories import make_file, make_org, receipt_data


def run_together(app, count, work):
    """Run work(index) in count threads released at the same moment."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def runner(index):
        with app.app_context():
            barrier.wait()
            try:
                results[index] = work(index)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the test inspects it
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def user(username):
    return db.session.scalar(select(User).filter_by(username=username))


def test_two_concurrent_sends_one_wins(shared_app):
    org = make_org()
    efile = make_file(org["users"]["so.srinagar"])
    file_id, version = efile.id, efile.version
    targets = [org["posts"]["adc"].id, org["posts"]["dc"].id]
    db.session.commit()

    def send(index):
        item = db.session.get(EFile, file_id)
        services.send(user("so.srinagar"), item, [targets[index]], expected_version=version)
        return "sent"

    results = run_together(shared_app, 2, send)
    assert results.count("sent") == 1, results
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    db.session.expire_all()
    sends = db.session.scalars(select(Movement).where(Movement.efile_id == file_id,
                                                      Movement.action == "send")).all()
    assert len(sends) == 1
    assert db.session.get(EFile, file_id).holder_post_id == sends[0].to_post_id


def test_diary_and_file_numbers_unique_and_gap_free(shared_app):
    from eoffice.dak.services import diarise
    from eoffice.files.services import create_file

    org = make_org()
    cru_post, so_post = org["posts"]["cru"].id, org["posts"]["so"].id
    db.session.commit()
    count = 8

    def create(index):
        from eoffice.models import Post

        if index % 4 == 3:  # some requests fail after taking a number
            diarise(user("cru.srinagar"), db.session.get(Post, cru_post), receipt_data())
            raise RuntimeError("rolled back after numbering")
        diarise(user("cru.srinagar"), db.session.get(Post, cru_post), receipt_data())
        create_file(user("so.srinagar"), db.session.get(Post, so_post), "Subject", "general", "EST")
        return "ok"

    results = run_together(shared_app, count, create)
    made = results.count("ok")
    assert made == 6, results
    db.session.expire_all()
    serials = sorted(db.session.scalars(select(Receipt.diary_serial)))
    assert serials == list(range(1, made + 1))
    file_serials = sorted(db.session.scalars(select(EFile.serial)))
    assert file_serials == list(range(1, made + 1))
    assert len(set(db.session.scalars(select(EFile.file_no)))) == made


def receipt_with_a_copy():
    """A receipt sent to SO and ADC: the original with SO, copy 1 with ADC. (ids)"""
    from eoffice.dak.services import diarise

    org = make_org()
    posts = org["posts"]
    receipt = diarise(org["users"]["cru.srinagar"], posts["cru"], receipt_data())
    services.send(org["users"]["cru.srinagar"], receipt, [posts["so"].id, posts["adc"].id])
    db.session.commit()
    copy_id = db.session.scalar(select(Receipt.id).where(Receipt.copy_of_id == receipt.id))
    return receipt.id, copy_id, {name: post.id for name, post in posts.items()}


def copy_numbers(original_id):
    db.session.expire_all()
    group = db.session.get(Receipt, original_id)
    return sorted(db.session.scalars(select(Receipt.copy_no).where(
        Receipt.office_id == group.office_id, Receipt.diary_year == group.diary_year,
        Receipt.diary_serial == group.diary_serial)))


def test_copies_are_numbered_after_copies_made_meanwhile(shared_app):
    """The sender read the receipt before another desk made copy 2 (a snapshot a moment
    old on SQLite): its own copy is still number 3, not a clash with copy 2."""
    original_id, copy_id, posts = receipt_with_a_copy()
    original = db.session.get(Receipt, original_id)  # this request's reads begin

    def copy_elsewhere():
        with shared_app.app_context():
            copy = db.session.get(Receipt, copy_id)
            services.send(user("adc.srinagar"), copy, [posts["dc"], posts["cru"]])
            db.session.commit()
            db.session.remove()

    meanwhile = threading.Thread(target=copy_elsewhere)
    meanwhile.start()
    meanwhile.join(60)
    services.send(user("so.srinagar"), original, [posts["adc"], posts["dc"]])
    db.session.commit()
    assert copy_numbers(original_id) == [0, 1, 2, 3]


def test_two_desks_copying_one_receipt_at_once_get_different_numbers(shared_app):
    original_id, copy_id, posts = receipt_with_a_copy()
    db.session.remove()

    def send_on(index):
        item_id, username = ((original_id, "so.srinagar"), (copy_id, "adc.srinagar"))[index]
        services.send(user(username), db.session.get(Receipt, item_id),
                      [posts["dc"], posts["tehsildar"]])
        return "sent"

    assert run_together(shared_app, 2, send_on) == ["sent", "sent"]
    assert copy_numbers(original_id) == [0, 1, 2, 3]


def test_a_burst_of_diarisations_and_sends_leaves_what_verify_and_the_recount_accept(shared_app):
    """Receipts diarised and sent from several threads at once, some rolled back after
    taking a number: the numbers have no gap, every movement is sealed and paired with
    its audit event, the chain is whole, and the pending counts and rollups agree with a
    recount (`flask eoffice verify`, `rebuild-stats --check`)."""
    from eoffice.dak.services import diarise
    from eoffice.models import Post

    org = make_org()
    cru_post, to_posts = org["posts"]["cru"].id, [org["posts"]["so"].id, org["posts"]["adc"].id]
    db.session.commit()

    def burst(index):
        cru = user("cru.srinagar")
        receipt = diarise(cru, db.session.get(Post, cru_post), receipt_data())
        services.send(cru, receipt, to_posts[:1 + index % 2])
        if index % 3 == 2:
            raise RuntimeError("rolled back after numbering, moving and counting")
        return "ok"

    results = run_together(shared_app, 9, burst)
    assert results.count("ok") == 6, results
    db.session.expire_all()
    assert sorted(db.session.scalars(select(Receipt.diary_serial).where(
        Receipt.copy_no == 0))) == list(range(1, 7))
    runner = shared_app.test_cli_runner()
    verified = runner.invoke(args=["eoffice", "verify"])
    assert verified.exit_code == 0, verified.output
    checked = runner.invoke(args=["eoffice", "rebuild-stats", "--check"])
    assert checked.exit_code == 0, checked.output
