"""The send form keeps its tray of chosen posts, and the typed remarks, priority and due
date, across searches, with JavaScript (htmx asks for the recipients part) and without
(the search button posts the whole form back); without JavaScript "Send" first shows
the final list."""
import re

from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import Movement, Receipt
from tests.conftest import csrf_from, csrf_token, login
from tests.factories import make_receipt

HTMX = {"HX-Request": "true"}


def _setup(app, org):
    receipt = make_receipt(org["users"]["cru.srinagar"])
    client = app.test_client()
    login(client, "cru.srinagar")
    html = client.get(f"/receipts/{receipt.id}/send").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    return client, receipt, {"csrf_token": csrf_from(html), "version": version}


def _tray(html):
    tray = html[html.index('id="tray"'):]
    return set(map(int, re.findall(r'name="to_post" value="(\d+)" id="to-\d+" checked', tray)))


def test_no_js_search_keeps_tray_remarks_priority_and_due_date(app, org):
    posts = org["posts"]
    client, receipt, base = _setup(app, org)
    first = client.post(f"/receipts/{receipt.id}/send", data={
        **base, "step": "find", "q": "tehsildar", "to_post": [posts["dc"].id],
        "remarks": "Please examine at once", "priority": "immediate", "due_on": "2026-12-31"})
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert _tray(html) == {posts["dc"].id}
    assert f'value="{posts["tehsildar"].id}" id="to-{posts["tehsildar"].id}">' in html  # a result
    assert "Please examine at once</textarea>" in html
    assert 'selected value="immediate"' in html and 'value="2026-12-31"' in html
    assert db.session.scalar(select(Movement).where(Movement.action == "send")) is None

    second = client.post(f"/receipts/{receipt.id}/send", data={
        **base, "step": "find", "q": "adc", "remarks": "Please examine at once",
        "to_post": [posts["dc"].id, posts["tehsildar"].id]})
    assert _tray(second.get_data(as_text=True)) == {posts["dc"].id, posts["tehsildar"].id}


def test_no_js_send_shows_the_final_list_first(app, org):
    posts = org["posts"]
    client, receipt, base = _setup(app, org)
    chosen = [posts["dc"].id, posts["tehsildar"].id, posts["so"].id]
    review = client.post(f"/receipts/{receipt.id}/send", data={
        **base, "step": "review", "to_post": chosen, "remarks": "For action",
        "priority": "normal"})
    html = review.get_data(as_text=True)
    assert review.status_code == 200 and "Check before sending" in html
    final = html[html.index('class="final-list"'):html.index("</ol>")]
    for label in ("DC Srinagar", "Tehsildar Khanyar", "SO (Gen) Srinagar"):
        assert label in final
    assert db.session.scalar(select(Movement).where(Movement.action == "send")) is None

    sent = client.post(f"/receipts/{receipt.id}/send", data={
        **base, "step": "send", "to_post": chosen, "remarks": "For action", "priority": "normal"})
    assert sent.status_code == 303
    holders = {r.holder_post_id for r in db.session.scalars(select(Receipt))}
    assert holders == set(chosen), "every post on the final list got the receipt or a copy"


def test_htmx_search_returns_the_tray_with_the_new_results(app, org):
    posts = org["posts"]
    client, receipt, _base = _setup(app, org)
    response = client.get(f"/receipts/{receipt.id}/send?q=tehsildar&to_post={posts['dc'].id}"
                          f"&to_post=abc&to_post=99999999", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<div id="recipients"')
    assert _tray(html) == {posts["dc"].id}
    assert "Tehsildar Khanyar" in html[:html.index('id="tray"')]
    assert "<html" not in html


def test_a_file_goes_to_the_last_post_chosen(app, org):
    from tests.factories import make_file

    posts = org["posts"]
    efile = make_file(org["users"]["so.srinagar"])
    client = app.test_client()
    login(client, "so.srinagar")
    html = client.get(f"/files/{efile.id}/send?to_post={posts['dc'].id}&to_post={posts['adc'].id}"
                      ).get_data(as_text=True)
    assert _tray(html) == {posts["adc"].id}
    assert 'type="radio" name="to_post"' in html


def test_a_search_changes_nothing_and_an_outsider_still_gets_404(app, org):
    posts = org["posts"]
    client, receipt, base = _setup(app, org)
    outsider = app.test_client()
    login(outsider, "dc.jammu")
    base = {**base, "csrf_token": csrf_token(outsider)}
    response = outsider.post(f"/receipts/{receipt.id}/send", data={
        **base, "step": "find", "to_post": [posts["dc_jammu"].id]})
    assert response.status_code == 404
    response = outsider.post(f"/receipts/{receipt.id}/send", data={
        **base, "step": "send", "to_post": [posts["dc_jammu"].id]})
    assert response.status_code == 404
    assert db.session.get(Receipt, receipt.id).holder_post_id == posts["cru"].id
