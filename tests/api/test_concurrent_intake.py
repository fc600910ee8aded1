"""The same external_ref sent several times at once, to a real gunicorn with several
workers and threads, makes exactly one receipt (on SQLite and on PostgreSQL)."""
import threading

import pytest

from tests.api.servers import call, new_token

COUNT = 8


@pytest.mark.slow
def test_same_external_ref_at_once_makes_one_receipt(real_server):
    token = new_token(real_server, "--service", "eunnat", "--office", "DC-SGR")
    body = {"subject": "Income certificate", "sender": {"name": "Asha Kumari"},
            "mode": "eunnat", "category": "application", "external_ref": "EUN-RACE-1",
            "office": "DC-SGR"}
    barrier = threading.Barrier(COUNT)
    results = [None] * COUNT

    def post(index):
        barrier.wait()
        results[index] = call(real_server, "POST", "/api/v1/receipts", token, body)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(COUNT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(status for status, _answer in results)
    assert statuses == [200] * (COUNT - 1) + [201], results
    assert len({answer["id"] for _status, answer in results}) == 1
    assert len({answer["diary_no"] for _status, answer in results}) == 1
    status, listed = call(real_server, "GET", "/api/v1/receipts?external_ref=EUN-RACE-1", token)
    assert status == 200 and listed["total"] == 1
