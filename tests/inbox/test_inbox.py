import gzip
import re
from datetime import timedelta

import pytest
from sqlalchemy import event, update

from eoffice.clock import today, utcnow
from eoffice.extensions import db
from eoffice.models import EFile
from eoffice.movement.services import open_item, send
from tests.conftest import login
from tests.core.test_page_budget import BUDGET, first_load_bytes
from tests.factories import make_file, make_receipt


def fill_inbox(org, files=250, receipts=250):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    for index in range(files):
        efile = make_file(so, subject=f"File subject number {index} about land and revenue matters")
        send(so, efile, [posts["adc"].id], priority="immediate" if index % 7 == 0 else "normal")
    for index in range(receipts):
        receipt = make_receipt(users["cru.srinagar"], subject=f"Receipt {index} from a citizen of Srinagar")
        send(users["cru.srinagar"], receipt, [posts["adc"].id])
    db.session.commit()


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


@pytest.mark.slow
def test_inbox_of_500_items_within_budget_25_a_page(client, org):
    fill_inbox(org)
    login(client, "adc.srinagar")
    page = client.get("/inbox").get_data(as_text=True)
    assert "500 items" in page
    assert len(re.findall(r'<tr class="row-unread">', page)) == 25
    assert first_load_bytes(client, "/inbox") < BUDGET
    fragment = client.get("/inbox?page=2", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert len(gzip.compress(fragment.get_data(), 9)) < 10 * 1024


def test_inbox_query_count_does_not_grow_with_rows(app, client, org):
    login(client, "adc.srinagar")
    counts = []
    for _ in range(2):
        fill_inbox(org, files=20, receipts=20)
        counter = QueryCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        client.get("/inbox")
        event.remove(db.engine, "before_cursor_execute", counter)
        counts.append(counter.count)
    assert counts[0] == counts[1] and counts[0] <= 15, counts


def test_filters_and_sorting(client, org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    urgent = make_file(so, subject="Urgent flood relief")
    send(so, urgent, [posts["adc"].id], priority="most_immediate", due_on=today())
    physical = make_file(so, subject="Old physical file", is_electronic=False)
    send(so, physical, [posts["adc"].id])
    db.session.commit()
    db.session.execute(update(EFile).where(EFile.id == urgent.id).values(
        due_on=today() - timedelta(days=2), version=EFile.version + 1))
    db.session.commit()
    login(client, "adc.srinagar")
    overdue = client.get("/inbox?overdue=1").get_data(as_text=True)
    assert "Urgent flood relief" in overdue and "Old physical file" not in overdue
    physical_only = client.get("/inbox?form=physical").get_data(as_text=True)
    assert "Old physical file" in physical_only and "Urgent flood relief" not in physical_only
    by_priority = client.get("/inbox?sort=priority").get_data(as_text=True)
    assert by_priority.index("Urgent flood relief") < by_priority.index("Old physical file")
    client.get(f"/files/{physical.id}")
    unread = client.get("/inbox?read=unread").get_data(as_text=True)
    assert "Old physical file" not in unread and "Urgent flood relief" in unread


def test_views_sent_parked_created(client, org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    sent = make_file(so, subject="Sent up for orders")
    send(so, sent, [posts["adc"].id])
    parked = make_file(so, subject="Waiting for report")
    from eoffice.movement.services import park
    park(so, parked)
    db.session.commit()
    login(client, "so.srinagar")
    assert "Sent up for orders" in client.get("/inbox?view=sent").get_data(as_text=True)
    assert "Pull back" in client.get("/inbox?view=sent").get_data(as_text=True)
    assert "Waiting for report" in client.get("/inbox?view=parked").get_data(as_text=True)
    assert "Waiting for report" not in client.get("/inbox").get_data(as_text=True)
    created = client.get("/inbox?view=created").get_data(as_text=True)
    assert "Sent up for orders" in created and "Waiting for report" in created


def _file_sent_to_adc(so, posts, subject, **changes):
    """A file so.srinagar sent to the ADC, then changed as if time had passed."""
    efile = make_file(so, subject=subject)
    send(so, efile, [posts["adc"].id])
    db.session.commit()
    db.session.execute(update(EFile).where(EFile.id == efile.id).values(
        version=EFile.version + 1, **changes))
    db.session.commit()


def test_pendency_buckets(app, client, org):
    users, posts = org["users"], org["posts"]
    for age in [1, 10, 20, 40, 45]:
        _file_sent_to_adc(users["so.srinagar"], posts, f"Pending {age} days",
                          holder_since=utcnow() - timedelta(days=age))
    login(client, "adc.srinagar")
    html = client.get("/inbox/pendency").get_data(as_text=True)
    with_me = html.split("My items pending with others")[0]
    cells = re.findall(r"<td>(\d+)</td>", with_me)
    assert cells == ["1", "1", "1", "2"]
    sender = app.test_client()
    login(sender, "so.srinagar")
    html = sender.get("/inbox/pendency").get_data(as_text=True)
    others = html.split("My items pending with others")[1]
    assert re.findall(r"<td>(\d+)</td>", others) == ["1", "1", "1", "2"]



def test_pendency_shows_the_earliest_overdue_and_links_to_all_of_them(client, org):
    users, posts = org["users"], org["posts"]
    for late in range(1, 13):
        _file_sent_to_adc(users["so.srinagar"], posts, f"Late by {late} days",
                          due_on=today() - timedelta(days=late))
    login(client, "adc.srinagar")
    counter = QueryCounter()
    event.listen(db.engine, "before_cursor_execute", counter)
    html = client.get("/inbox/pendency").get_data(as_text=True)
    event.remove(db.engine, "before_cursor_execute", counter)
    # sign-in, counts, overdue lists, then files, receipts and posts: at any size
    assert counter.count <= 7, counter.count
    with_me = html.split("My items pending with others")[0]
    shown = re.findall(r"Late by (\d+) days", with_me)
    assert shown == [str(late) for late in range(12, 2, -1)]  # the ten due earliest
    assert 'href="/inbox?overdue=1">All overdue items</a>' in with_me
    listed = client.get("/inbox?overdue=1").get_data(as_text=True)
    assert len(set(re.findall(r"Late by (\d+) days", listed))) == 12


def sent_by_the_section_officer(client, org, subject):
    """A file the SO has sent to the ADC, and the CSRF token of the SO's Sent view."""
    so = org["users"]["so.srinagar"]
    efile = make_file(so, subject=subject)
    send(so, efile, [org["posts"]["adc"].id])
    db.session.commit()
    login(client, "so.srinagar")
    html = client.get("/inbox?view=sent").get_data(as_text=True)
    return efile, re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_inline_pull_back_from_sent_view_with_htmx(client, org):
    efile, token = sent_by_the_section_officer(client, org, "Sent by mistake")
    response = client.post(f"/files/{efile.id}/pull-back",
                           data={"csrf_token": token, "version": efile.version},
                           headers={"HX-Request": "true", "HX-Target": "item-list"})
    assert response.status_code == 204 and response.headers["HX-Trigger"] == "items-changed"
    db.session.refresh(efile)
    assert efile.holder_post_id == org["posts"]["so"].id
    listed = client.get("/inbox?view=sent", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Pulled back. It is with you again." in listed


def test_refused_pull_back_keeps_the_sent_list_and_says_why(client, org):
    """With htmx the refusal swaps nothing: the list refreshes itself and shows on top
    who opened it and when; without JavaScript a page says the same and leads back to
    the file."""
    efile, token = sent_by_the_section_officer(client, org, "Opened before the pull back")
    version = efile.version
    open_item(org["users"]["adc.srinagar"], efile)
    db.session.commit()
    form = {"csrf_token": token, "version": version}

    response = client.post(f"/files/{efile.id}/pull-back", data=form,
                           headers={"HX-Request": "true", "HX-Target": "item-list"})
    assert response.status_code == 409 and response.get_data(as_text=True) == ""
    assert response.headers["HX-Reswap"] == "none"
    assert response.headers["HX-Trigger"] == "items-changed"
    listed = client.get("/inbox?view=sent", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert listed.lstrip().startswith('<div id="item-list"')
    adc = org["users"]["adc.srinagar"]
    assert f"already opened by {adc.name}, ADC Srinagar, at " in listed
    assert "Opened before the pull back" in listed and "Pull back" not in listed
    again = client.get("/inbox?view=sent", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "already opened by" not in again  # shown once

    page = client.post(f"/files/{efile.id}/pull-back", data=form)
    text = page.get_data(as_text=True)
    assert page.status_code == 409 and f"already opened by {adc.name}, ADC Srinagar" in text
    assert f'href="/files/{efile.id}"' in text and "Back to the inbox" in text
    db.session.refresh(efile)
    assert efile.holder_post_id == org["posts"]["adc"].id
