"""Each inbox row says who sent the item and with what remark; numbers never break."""
from eoffice.extensions import db
from eoffice.movement.services import send
from tests.conftest import login
from tests.factories import make_receipt


def test_row_shows_sender_and_last_remark(app, org):
    cru = org["users"]["cru.srinagar"]
    receipt = make_receipt(cru)
    send(cru, receipt, [org["posts"]["so"].id], remarks="Put up with the previous papers")
    db.session.commit()
    client = app.test_client()
    login(client, "so.srinagar")
    html = client.get("/inbox").get_data(as_text=True)
    row = html[html.index(receipt.diary_no):]
    row = row[:row.index("</tr>")]
    assert "Put up with the previous papers" in row
    assert cru.name in row and "CRU Srinagar" in row
    assert f'<td class="number"><a href="/receipts/{receipt.id}">' in html
