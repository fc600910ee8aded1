"""The address book takes what is typed literally: % and _ are letters, not wildcards."""
from eoffice.extensions import db
from eoffice.movement import addressbook
from tests.conftest import login
from tests.factories import make_post


def test_percent_and_underscore_typed_are_letters_to_find(client, org):
    office = org["offices"]["dc_sgr"]
    quota = make_post(office, "SO 50% Quota", designation="Section Officer (50% quota)")
    typist = make_post(office, "PA_DC Srinagar", designation="Personal Assistant")
    db.session.commit()
    assert addressbook.search_posts("%") == [quota]  # as a wildcard it found every post
    assert addressbook.search_posts("_") == [typist]
    assert addressbook.search_posts("o_5") == []  # as a wildcard it found "SO 50% Quota"
    assert addressbook.search_posts("50%") == [quota]
    assert addressbook.search_posts("pa_dc") == [typist]

    login(client, "so.srinagar")
    found = client.get("/posts/search?q=%25", headers={"HX-Request": "true"})
    assert found.status_code == 200
    assert "DC Srinagar" not in found.get_data(as_text=True)
    found = client.get("/posts/search?q=0%25+q").get_data(as_text=True)
    assert "SO 50% Quota" in found and "ADC Srinagar" not in found
