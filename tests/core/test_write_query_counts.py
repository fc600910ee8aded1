"""Writes issue a fixed, small number of statements: diarising (page and API), sending a
file and writing a note each fail here when a change adds a round trip (a lookup made
twice, a statement per row, a reload after the commit). The bounds are today's counts;
what each write must leave behind (seals, chain, index, counts) is tested in its area."""
from datetime import date

import pytest

from tests.api.conftest import personal_token
from tests.conftest import POSTGRES, csrf_token, login, statements_during
from tests.factories import make_file

# PostgreSQL takes the audit chain's advisory lock and row locks where SQLite's one
# writer needs none: a statement or two more there
EXTRA = 2 if POSTGRES else 0


statements = statements_during


def receipt_form(post_id, token, subject):
    return {"csrf_token": token, "as_post": str(post_id), "subject": subject,
            "sender_name": "Ghulam Nabi", "received_on": date.today().strftime("%d-%m-%Y"),
            "mode": "post", "category": "general", "grading": "normal", "form": "physical",
            "action": "save"}


@pytest.fixture
def desk(client, org):
    login(client, "so.srinagar")
    return client, csrf_token(client), org


def test_diarising_from_the_page(desk):
    client, token, org = desk
    counts = []
    for subject in ("First of the year", "Second", "Third"):
        answer, count = statements(lambda: client.post("/receipts/new", data=receipt_form(
            org["posts"]["so"].id, token, subject)))
        assert answer.status_code == 303
        counts.append(count)
    # the office's first diary number of the year makes its counter row: two more
    assert counts[0] <= counts[1] + 2 and counts[1] == counts[2] <= 16 + EXTRA, counts


def test_diarising_through_the_api(client, org):
    bearer = {"Authorization": f"Bearer {personal_token('so.srinagar')}"}
    body = {"subject": "Land records", "sender": {"name": "Ghulam Nabi"}, "mode": "post",
            "category": "general", "physical": True}
    client.post("/api/v1/receipts", json=body, headers=bearer)  # notes the token's use
    answer, count = statements(lambda: client.post("/api/v1/receipts", json=body,
                                                   headers=bearer))
    assert answer.status_code == 201
    assert count <= 15 + EXTRA, count


def test_sending_a_file(desk):
    client, token, org = desk
    efile = make_file(org["users"]["so.srinagar"])
    answer, count = statements(lambda: client.post(f"/files/{efile.id}/send", data={
        "csrf_token": token, "to_post": str(org["posts"]["adc"].id), "priority": "normal"}))
    assert answer.status_code == 303
    # a post new to the file's trail: who may find it changes, its documents are rebuilt
    assert count <= 23 + EXTRA, count


def test_writing_a_note(desk):
    client, token, org = desk
    efile = make_file(org["users"]["so.srinagar"])
    counts = []
    for text in ("<p>Submitted.</p>", "<p>Placed below.</p>"):
        answer, count = statements(lambda: client.post(
            f"/files/{efile.id}/notes", data={"csrf_token": token, "body": text}))
        assert answer.status_code == 303
        counts.append(count)
    assert counts[0] == counts[1] <= 8 + EXTRA, counts
