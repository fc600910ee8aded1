"""Numbers past what the database stores, in a URL, a query string or a form: not found,
ignored or refused with a clear answer, never a database error."""
from eoffice.extensions import db
from eoffice.models import EFile, Movement
from tests.conftest import csrf_token, login
from tests.factories import make_file

PAST_INTEGER = 2**31  # one past PostgreSQL's INTEGER
PAST_BIGINT = 10**23  # past any integer SQLite stores


def test_an_id_past_the_range_is_not_found(client, org):
    login(client, "so.srinagar")
    for number in (PAST_INTEGER, PAST_BIGINT):
        for url in (f"/files/{number}", f"/receipts/{number}", f"/files/{number}/history"):
            assert client.get(url).status_code == 404, url


def test_a_query_number_past_the_range_reads_as_absent(client, org):
    login(client, "so.srinagar")
    for url in (f"/inbox?post={PAST_BIGINT}", f"/inbox?page={PAST_BIGINT}",
                f"/search?q=land&page={PAST_BIGINT}", f"/dispatch?office={PAST_INTEGER}",
                f"/files/new?receipt={PAST_BIGINT}"):
        assert client.get(url).status_code == 200, url


def test_a_form_number_past_the_range_is_refused_and_changes_nothing(client, org):
    efile = make_file(org["users"]["so.srinagar"])
    file_id, holder = efile.id, efile.holder_post_id
    login(client, "so.srinagar")
    url = f"/files/{file_id}/send"
    for number in (PAST_INTEGER, PAST_BIGINT):
        response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                          "to_post": number, "priority": "normal"})
        assert response.status_code == 422
        assert "Choose at least one recipient." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(EFile, file_id).holder_post_id == holder
    assert db.session.query(Movement).filter_by(efile_id=file_id, action="send").count() == 0

