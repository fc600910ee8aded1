"""The SQLite writers' turn held far longer than the busy timeout (a stuck writer, a
long maintenance job): writes answer the documented 503 (a page, or JSON on the API)
once the busy timeout has passed, /healthz keeps answering, no worker is killed, and
writes go through again once the turn is free."""
import fcntl
import http.client
import json
import os
import time

import pytest

from tests.fault.harness import FaultServer, Portal, post_of

pytestmark = pytest.mark.alone  # timed against the busy timeout: `make test` runs it alone

BUSY_SECONDS = 2
HELD_SECONDS = 4 * BUSY_SECONDS


class LockHolder(FaultServer):
    def environment(self):
        return {**super().environment(), "EOFFICE_SQLITE_BUSY_SECONDS": str(BUSY_SECONDS)}


def get(port, path, headers=None, body=None, method="GET", timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def test_a_held_writer_turn_gives_503s_not_killed_workers(tmp_path, fault_ready):
    server = LockHolder.started_in(tmp_path)
    try:
        token = server.flask("eoffice", "token", "create", "--user", "cru.srinagar")
        token = token.stdout.strip().splitlines()[-1]
        cru_post = post_of(server, "cru.srinagar")
        portal = Portal(server.port, "cru.srinagar")
        workers = sorted(server.workers_now())
        api_body = json.dumps({
            "subject": "Held lock", "sender": {"name": "Fault Tester"},
            "received_on": "2026-01-06", "mode": "eunnat", "category": "application",
            "external_ref": "HELD-1", "office": "DC-SGR"})
        api_headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        with open(os.path.join(server.instance, "eoffice.db.writers"), "a") as turn:
            fcntl.flock(turn, fcntl.LOCK_EX)
            held_at = time.monotonic()
            started = time.monotonic()
            status, _receipt, body = portal.diarise(cru_post, "While the turn is held")
            page_wait = time.monotonic() - started
            started = time.monotonic()
            api_status, api_headers_out, api_answer = get(
                server.port, "/api/v1/receipts", api_headers, api_body, "POST")
            api_wait = time.monotonic() - started
            health = get(server.port, "/healthz", timeout=5)
            assert time.monotonic() - held_at < HELD_SECONDS, "the test outran its own hold"
            time.sleep(max(0.0, HELD_SECONDS - (time.monotonic() - held_at)))
        after, receipt_id, _body = portal.diarise(cru_post, "After the turn is free")
        api_after = get(server.port, "/api/v1/receipts", api_headers, api_body, "POST")[0]
        workers_after = sorted(server.workers_now())
    finally:
        server.stop()
    assert status == 503, (status, body[:500], server.log())
    assert "busy or unavailable" in body and "<html" in body.lower()
    assert BUSY_SECONDS - 0.5 < page_wait < BUSY_SECONDS + 5, page_wait
    assert api_status == 503, (api_status, api_answer)
    assert api_headers_out["Content-Type"].startswith("application/json")
    assert json.loads(api_answer)["error"]["code"] == "unavailable"
    assert api_wait < BUSY_SECONDS + 5, api_wait
    assert health[0] == 200 and json.loads(health[2])["database"] == "ok", health
    assert workers_after == workers, "a worker was killed or restarted"
    assert after == 303 and receipt_id, after
    assert api_after == 201
    assert "WORKER TIMEOUT" not in server.log()
