"""Address book, inbox, search and adoption figures; pagination; rate limits."""
import pytest

from eoffice import create_app
from eoffice.extensions import db
from tests.api.conftest import Api, personal_token
from tests.conftest import POSTGRES, RequestClient
from tests.factories import make_file, make_org, make_receipt


def test_address_book_search_and_pages(api_as, org):
    api = api_as("so.srinagar")
    found = api.get("/api/v1/posts?q=srinagar").json
    assert {p["label"] for p in found["items"]} == {"DC Srinagar", "ADC Srinagar",
                                                    "SO (Gen) Srinagar", "CRU Srinagar"}
    dc = next(p for p in found["items"] if p["label"] == "DC Srinagar")
    assert dc["holders"] == ["Dc Srinagar"] and dc["office"]["code"] == "DC-SGR"
    everyone = api.get("/api/v1/posts?per_page=3").json
    assert everyone["total"] == 7 and everyone["pages"] == 3 and len(everyone["items"]) == 3
    last = api.get("/api/v1/posts?per_page=3&page=3").json
    assert last["page"] == 3 and len(last["items"]) == 1
    assert api.get("/api/v1/posts?page=99&per_page=3").json["page"] == 3
    assert api.get("/api/v1/posts?per_page=0").status_code == 422


def test_inbox_views(api_as, org):
    so_user = org["users"]["so.srinagar"]
    efile = make_file(so_user)
    receipt = make_receipt(so_user)
    api = api_as("so.srinagar")
    inbox = api.get("/api/v1/inbox").json
    assert {(i["kind"], i["id"]) for i in inbox["items"]} == {("file", efile.id),
                                                               ("receipt", receipt.id)}
    assert api.get("/api/v1/inbox?kind=file").json["total"] == 1
    api.post(f"/api/v1/files/{efile.id}/park", {})
    assert [i["id"] for i in api.get("/api/v1/inbox?view=parked").json["items"]] == [efile.id]
    assert api.get("/api/v1/inbox?view=nonsense").status_code == 422
    assert api_as("admin").get("/api/v1/inbox").json == {"items": [], "page": 1, "pages": 1,
                                                         "total": 0}


def test_search(api_as, org):
    efile = make_file(org["users"]["so.srinagar"], subject="Khanyar road repair")
    found = api_as("so.srinagar").get("/api/v1/search?q=Khanyar").json
    assert efile.id in [hit["item"]["id"] for hit in found["items"]]
    assert api_as("dc.jammu").get("/api/v1/search?q=Khanyar").json["total"] == 0


def test_adoption_figures(api_as, org):
    make_file(org["users"]["so.srinagar"])
    body = api_as("dc.srinagar").get("/api/v1/stats/adoption?unit=SGR").json
    assert body["unit"]["code"] == "SGR" and body["e_files"] == 1
    for key in ("physical_files", "e_receipts", "physical_receipts", "e_file_share",
                "e_receipt_share", "movements", "active_users", "users_onboarded",
                "files_closed", "median_disposal_days", "overdue", "avg_levels_per_closed_file"):
        assert key in body
    assert set(body["pending_by_age"]) == {"0-7", "8-15", "16-30", "30+"}
    assert api_as("dc.jammu").get("/api/v1/stats/adoption?unit=SGR").status_code == 404


def test_adoption_query_errors_name_the_fields(api_as, org):
    api = api_as("dc.srinagar")
    assert api_as("so.srinagar").get("/api/v1/stats/adoption").json["error"]["fields"] == {
        "unit": "no_own_area"}  # a district head's own district is the default (test_published_contract)
    assert api.get("/api/v1/stats/adoption?unit=SGR&from=2026-02-01&to=2026-01-01"
                   ).json["error"]["fields"] == {"from": "after_to"}


@pytest.fixture
def limited_app(tmp_path, app):
    if POSTGRES:
        limited = create_app("config.TestConfig", RATELIMIT_ENABLED=True,
                             API_RATE_LIMIT="3 per minute")
    else:
        limited = create_app("config.TestConfig", RATELIMIT_ENABLED=True,
                             API_RATE_LIMIT="3 per minute",
                             SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/limits.db")
    limited.test_client_class = RequestClient
    with limited.app_context():
        db.create_all()
        make_org()
        yield limited
        db.session.remove()
        db.engine.dispose()


def test_rate_limit_per_token(limited_app):
    client = limited_app.test_client()
    first = Api(client, personal_token("so.srinagar"))
    second = Api(client, personal_token("adc.srinagar"))
    answers = [first.get("/api/v1/me").status_code, first.get("/api/v1/inbox").status_code,
               first.get("/api/v1/posts?q=dc").status_code]
    assert answers == [200, 200, 200]
    limited = first.get("/api/v1/me")
    assert limited.status_code == 429
    assert limited.json["error"]["code"] == "rate_limited" and limited.headers["Retry-After"]
    assert second.get("/api/v1/me").status_code == 200
