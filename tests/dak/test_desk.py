"""Small things at the diarist's desk: a batch keeps how the mail came, and putting a
receipt into a file starts from a choice, not an arbitrary file."""
import re

from tests.conftest import login
from tests.factories import make_file, make_receipt


def test_diarise_another_keeps_sender_form_mode_and_category(app, org):
    cru = org["users"]["cru.srinagar"]
    receipt = make_receipt(cru, is_electronic=False, mode="hand", category="complaint",
                           sender_name="Ghulam Nabi")
    client = app.test_client()
    login(client, "cru.srinagar")
    html = client.get(f"/receipts/new?sender_from={receipt.id}").get_data(as_text=True)
    assert 'value="Ghulam Nabi"' in html
    assert re.search(r'<input checked[^>]*value="physical"|<input[^>]*value="physical"[^>]*checked', html)
    assert re.search(r'<option selected value="hand">', html)
    assert re.search(r'<option selected value="complaint">', html)


def test_put_into_a_file_starts_with_a_placeholder(app, org):
    so = org["users"]["so.srinagar"]
    make_file(so, subject="One file")
    make_file(so, subject="Another file")
    receipt = make_receipt(so)
    client = app.test_client()
    login(client, "so.srinagar")
    html = client.get(f"/receipts/{receipt.id}").get_data(as_text=True)
    select = html[html.index('name="efile_id"'):html.index("</select>", html.index('name="efile_id"'))]
    first = re.findall(r"<option([^>]*)>", select)[0]
    assert 'value=""' in first and "selected" not in select
