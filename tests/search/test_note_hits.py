"""A note found by search names its file and the file's subject, not just "Note"."""
from eoffice.extensions import db
from eoffice.notes import services as noting
from tests.conftest import login
from tests.factories import PASSWORD, make_file


def test_a_note_hit_shows_the_file_number_and_subject(app, org):
    so = org["users"]["so.srinagar"]
    efile = make_file(so, subject="Repair of the tehsil office roof")
    noting.add_note(so, efile, "<p>The estimate of the executive engineer is reasonable.</p>")
    db.session.commit()
    noting.sign_and_send(so, efile, PASSWORD, to_post_ids=[org["posts"]["adc"].id])
    db.session.commit()
    client = app.test_client()
    login(client, "so.srinagar")
    html = client.get("/search?q=executive+engineer").get_data(as_text=True)
    assert f"File {efile.file_no}, paragraph 1" in html
    assert "Repair of the tehsil office roof" in html
