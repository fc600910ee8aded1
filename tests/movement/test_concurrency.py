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
