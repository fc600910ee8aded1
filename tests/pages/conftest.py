"""The pages whose HTML is kept (tests/pages/expected/): the dashboards' known data set
(tests/dashboards/conftest.py), with notes, remarks, a receipt put into a file, read and
unread items, priorities and due dates added at chosen times, read on 10-03-2026."""
from datetime import date

import pytest

from eoffice.clock import travel_to
from eoffice.dak.services import put_in_file
from eoffice.extensions import db
from eoffice.models import User
from eoffice.movement.services import open_item, send
from eoffice.notes.services import add_note, sign_and_send
from tests.dashboards.conftest import at, build_known, now  # noqa: F401 - the fixture: read on 10-03-2026
from tests.factories import PASSWORD


def build_pages(org):
    items = build_known(org)
    users, posts = org["users"], org["posts"]
    so, adc, cru = users["so.srinagar"], users["adc.srinagar"], users["cru.srinagar"]
    with travel_to(at(3, 4, 5)):
        open_item(so, items["R3"])
        put_in_file(so, items["R3"], items["F6"])
        add_note(so, items["F6"], "<p>The report from the tehsil is placed below.</p>")
        add_note(so, items["F6"], "<p>Submitted for <strong>orders</strong>.</p>")
        sign_and_send(so, items["F6"], PASSWORD, to_post_ids=[posts["adc"].id],
                      remarks="Please see the tehsil's report",
                      priority="most_immediate", due_on=date(2026, 3, 8))
    with travel_to(at(3, 5, 9)):
        open_item(adc, items["F6"])
        add_note(adc, items["F6"], "<p>Discussed. Put up a draft reply.</p>")
        sign_and_send(adc, items["F6"], PASSWORD, to_post_ids=[posts["so"].id],
                      remarks="Draft reply please", priority="immediate")
    with travel_to(at(3, 6, 7)):
        send(cru, items["R9"], [posts["so"].id], remarks="Urgent: court matter",
             priority="immediate", due_on=date(2026, 3, 20))
        send(cru, items["R8"], [posts["so"].id, posts["adc"].id])
        send(cru, items["R10"], [posts["adc"].id], remarks="For information")
    # one reader in Hindi and one in Urdu (right to left): names, dates and numbers
    db.session.get(User, users["adc.srinagar"].id).language = "ur"
    db.session.get(User, users["dc.srinagar"].id).language = "hi"
    db.session.commit()
    return items


@pytest.fixture
def pages(org, _snapshots):
    return _snapshots.prepared("pages", after="org", build=lambda: build_pages(org))
