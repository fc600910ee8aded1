"""The signed-letter routes given another office's letter or draft: a 404 (a JSON error
under /api/) that changes nothing, for the other district's head and for an official of
the same district who is not on the letter's trail."""
import pytest

from tests.api.conftest import personal_token
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD
from tests.security import letter_cases
from tests.security.malformed import changes, snapshot

STRANGERS = ("dc.jammu", "tehsildar.khanyar")


@pytest.mark.parametrize("stranger", STRANGERS)
def test_the_api_hides_letters_from_those_off_their_trail(app, org, client, letter_signer,
                                                          stranger):
    token = {"Authorization": f"Bearer {personal_token(stranger)}"}
    cases = {**letter_cases.API_POSTS, **letter_cases.API_GETS}
    for key, (_owner, case) in cases.items():
        url, valid = case(org)
        before = snapshot()
        if key in letter_cases.API_POSTS:
            response = client.post(url, json=valid, headers=token)
        else:
            response = client.get(url, query_string=valid, headers=token)
        assert response.status_code == 404, (key, response.status_code, response.json)
        assert response.json["error"]["code"] == "not_found", (key, response.json)
        assert not changes(before, snapshot()), key


@pytest.mark.parametrize("stranger", STRANGERS)
def test_pages_hide_letters_from_those_off_their_trail(app, org, client, letter_signer,
                                                       stranger):
    login(client, stranger)
    token = csrf_from(client.get("/password").get_data(as_text=True))
    awaiting, signed = letter_cases.awaiting_signature(org), letter_cases.signed(org)
    before = snapshot()
    assert client.post(f"/dispatch/{awaiting.id}/sign",
                       data={"secret": PASSWORD, "csrf_token": token}).status_code == 404
    assert client.get(f"/dispatch/{signed.id}/letter.pdf").status_code == 404
    assert not changes(before, snapshot())
