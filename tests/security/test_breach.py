"""BREACH: pages are gzip-compressed and reflect what is typed (a search's q), so a
secret repeated in every page could be guessed byte by byte from compressed sizes.
The CSRF token is masked afresh in every place it is written: no two copies share
their bytes, and each still works."""
import re

from tests.conftest import login

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def test_the_csrf_token_differs_in_every_copy_and_every_response(client, org):
    login(client, "so.srinagar")
    first = TOKEN.findall(client.get("/inbox").get_data(as_text=True))
    second = TOKEN.findall(client.get("/inbox").get_data(as_text=True))
    copies = first + second
    assert len(copies) >= 2
    assert len(set(copies)) == len(copies)  # masked afresh each time
    longest_shared = max(len(_common_prefix(a, b)) for a in copies for b in copies if a != b)
    assert longest_shared < 8, longest_shared  # no stable run for a compressor to match
    for token in copies:  # and every one of them is accepted
        response = client.post("/language", data={"csrf_token": token, "language": "en"})
        assert response.status_code == 303


def test_a_forged_or_tampered_token_is_still_refused(client, org):
    login(client, "so.srinagar")
    token = TOKEN.search(client.get("/inbox").get_data(as_text=True)).group(1)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    for bad in (tampered, "m." + "A" * 40, "garbage", ""):
        response = client.post("/logout", data={"csrf_token": bad})
        assert response.status_code == 400, bad
    assert client.get("/inbox").status_code == 200


def _common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
