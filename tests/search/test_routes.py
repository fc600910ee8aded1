"""The search page, its htmx fragment and the header box."""
import gzip

from eoffice.extensions import db
from eoffice.movement import services as movement
from tests.conftest import login
from tests.factories import make_file, make_receipt

HTMX = {"HX-Request": "true"}


def test_header_box_on_every_signed_in_page(client, org):
    assert 'id="top-q"' not in client.get("/login").get_data(as_text=True)
    login(client, "so.srinagar")
    html = client.get("/inbox").get_data(as_text=True)
    assert 'role="search"' in html and 'action="/search"' in html and 'id="top-q"' in html


def test_results_page_and_fragment(client, org):
    so = org["users"]["so.srinagar"]
    efile = make_file(so, subject="Land acquisition for <b>road</b> widening")
    login(client, "so.srinagar")
    page = client.get("/search?q=land").get_data(as_text=True)
    assert "<h1>Search</h1>" in page and f'href="/files/{efile.id}"' in page
    assert "<mark>Land</mark>" in page and "&lt;b&gt;road&lt;/b&gt;" in page
    assert 'hx-trigger="input changed delay:400ms, search"' in page
    fragment = client.get("/search?q=acquisition", headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert html.startswith('<div id="search-results"') and "<h1>" not in html
    assert "<mark>acquisition</mark>" in html
    assert "HX-Request" in fragment.headers["Vary"]
    assert len(gzip.compress(fragment.get_data(), 9)) < 10 * 1024


def test_exact_number_jumps_to_the_item_and_comes_first_for_htmx(client, org):
    so = org["users"]["so.srinagar"]
    efile = make_file(so, subject="Budget")
    make_file(so, subject=f"Refers to {efile.file_no}")
    login(client, "so.srinagar")
    response = client.get("/search", query_string={"q": efile.file_no.lower()})
    assert response.status_code == 303 and response.headers["Location"] == f"/files/{efile.id}"
    html = client.get("/search", query_string={"q": efile.file_no},
                      headers=HTMX).get_data(as_text=True)
    assert html.index(f'href="/files/{efile.id}"') < html.index("Refers to")
    assert 'class="exact"' in html


def test_outsider_gets_no_jump_and_no_trace(client, org):
    users, posts = org["users"], org["posts"]
    secret = make_receipt(users["cru.srinagar"], subject="Secret vigilance", grading="secret")
    movement.send(users["cru.srinagar"], secret, [posts["so"].id])
    db.session.commit()
    login(client, "tehsildar.khanyar")
    response = client.get("/search", query_string={"q": secret.diary_no})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert secret.diary_no not in html.split('id="search-results"')[1]
    assert "Nothing found" in html and "vigilance" not in html.split('id="search-results"')[1]


def test_bad_filters_answer_422_with_a_message(client, org):
    login(client, "so.srinagar")
    response = client.get("/search?q=land&date_from=2026-13-45")
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)
    response = client.get("/search?q=land&date_from=2026-03-01&date_to=2026-02-01")
    assert response.status_code == 422
    assert client.get("/search?q=land&office=999999").status_code == 422
    assert client.get("/search?q=land&kind=bogus").status_code == 422
    assert client.get("/search?q=land&page=abc").status_code == 200
    assert client.get("/search?q=" + "x" * 500).status_code == 422
    assert client.get("/search?q=%22%27%28%29*%3A%26%7C!%5C").status_code == 200


def test_empty_search_prompts(client, org):
    login(client, "so.srinagar")
    html = client.get("/search").get_data(as_text=True)
    assert "Type a word or a number" in html


def test_search_in_hindi_and_urdu_interface(client, org):
    make_receipt(org["users"]["cru.srinagar"], subject="भूमि अभिलेख में सुधार हेतु आवेदन")
    org["users"]["cru.srinagar"].language = "ur"
    db.session.commit()
    login(client, "cru.srinagar")
    html = client.get("/search", query_string={"q": "अभिलेख"}).get_data(as_text=True)
    assert 'dir="rtl"' in html and "<mark>अभिलेख</mark>" in html


def test_first_load_of_a_results_page_is_under_budget(client, org):
    from tests.core.test_page_budget import BUDGET, first_load_bytes

    for number in range(30):
        make_receipt(org["users"]["cru.srinagar"], subject=f"Land record correction {number}",
                     body="Khasra and jamabandi extracts of the land are enclosed. " * 20)
    login(client, "cru.srinagar")
    assert first_load_bytes(client, "/search?q=land") < BUDGET
    fragment = client.get("/search?q=land", headers=HTMX).get_data()
    assert len(gzip.compress(fragment, 9)) < 10 * 1024
