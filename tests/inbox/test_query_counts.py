"""Pages issue a fixed number of queries, however many rows they show: a test fails
when one grows with the data (an N+1 query) or passes its bound."""
from datetime import timedelta

import pytest
from sqlalchemy import update

from eoffice.clock import today
from eoffice.extensions import db
from eoffice.models import EFile
from eoffice.movement.services import open_item, send
from tests.conftest import login, statements_during
from tests.factories import make_file, make_receipt

BOUND = 20  # the file page shows notes, correspondence, drafts, links and movements


def queries_for(client, path):
    response, count = statements_during(lambda: client.get(path))
    assert response.status_code == 200, path
    return count


def grows_not(client, path, add_rows, rounds=2):
    counts = []
    for _ in range(rounds):
        add_rows()
        client.get(path)  # a first visit may record an opening; count the next one
        counts.append(queries_for(client, path))
    assert counts[0] == counts[-1] and counts[0] <= BOUND, (path, counts)


def _bounce(org, efile, times):
    """The file goes SO -> ADC -> SO ... opened each time: two more movements a leg."""
    users, posts = org["users"], org["posts"]
    legs = [(users["so.srinagar"], users["adc.srinagar"], posts["adc"]),
            (users["adc.srinagar"], users["so.srinagar"], posts["so"])]
    for number in range(times):
        sender, recipient, post = legs[number % 2]
        send(sender, efile, [post.id], remarks=f"leg {number}")
        open_item(recipient, efile)
    db.session.commit()


def _file_with_receipts(org, receipts):
    users = org["users"]
    diarist, so = users["cru.srinagar"], users["so.srinagar"]
    made = []
    for number in range(receipts):
        receipt = make_receipt(diarist, subject=f"Letter {number}")
        send(diarist, receipt, [org["posts"]["so"].id])
        open_item(so, receipt)
        made.append(receipt)
    db.session.commit()
    return make_file(so, subject="File with correspondence", receipts=made)


def test_file_page_and_history_do_not_grow_with_movements_or_receipts(client, org):
    efile = _file_with_receipts(org, 3)
    login(client, "so.srinagar")
    grows_not(client, f"/files/{efile.id}", lambda: _bounce(org, efile, 4))
    grows_not(client, f"/files/{efile.id}/history", lambda: _bounce(org, efile, 4))


def test_receipt_page_does_not_grow_with_movements(client, org):
    users, posts = org["users"], org["posts"]
    receipt = make_receipt(users["cru.srinagar"])
    login(client, "cru.srinagar")

    def more():
        for _ in range(3):
            send(users["cru.srinagar"], receipt, [posts["so"].id])
            open_item(users["so.srinagar"], receipt)
            send(users["so.srinagar"], receipt, [posts["cru"].id])
            open_item(users["cru.srinagar"], receipt)
        db.session.commit()

    grows_not(client, f"/receipts/{receipt.id}", more)
    grows_not(client, f"/receipts/{receipt.id}/history", more)


@pytest.mark.slow
def test_pendency_and_sent_view_do_not_grow_with_items(client, org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]

    def more():
        for number in range(10):
            efile = make_file(so, subject=f"Pending {number}")
            send(so, efile, [posts["adc"].id], due_on=today() + timedelta(days=1))
            db.session.execute(update(EFile).where(EFile.id == efile.id).values(
                due_on=today() - timedelta(days=number % 3), version=EFile.version + 1))
            receipt = make_receipt(users["cru.srinagar"], subject=f"Letter {number}")
            send(users["cru.srinagar"], receipt, [posts["so"].id])
        db.session.commit()

    login(client, "so.srinagar")
    grows_not(client, "/inbox/pendency", more)
    grows_not(client, "/inbox?view=sent", more)
    grows_not(client, "/inbox?view=created", more)
    other = client.application.test_client()
    login(other, "adc.srinagar")
    grows_not(other, "/inbox/pendency", more)
    grows_not(other, "/inbox?sort=due", more)
