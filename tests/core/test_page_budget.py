"""First load of a page (HTML + CSS + JS, gzip) stays under 50 KB."""
import gzip
import re

from tests.conftest import login

BUDGET = 50 * 1024


def first_load_bytes(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data()
    total = len(gzip.compress(html, 9))
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        total += len(gzip.compress(client.get(asset.decode()).get_data(), 9))
    return total


def test_sign_in_page_under_budget(client, org):
    assert first_load_bytes(client, "/login") < BUDGET


def test_empty_signed_in_page_under_budget(client, org):
    login(client, "so.srinagar")
    assert first_load_bytes(client, "/inbox") < BUDGET


def test_responses_are_compressed(client, org):
    response = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


def test_static_files_are_compressed_and_cached_for_a_year(client, org):
    html = client.get("/login").get_data(as_text=True)
    path = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', html).group(1)
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"]
