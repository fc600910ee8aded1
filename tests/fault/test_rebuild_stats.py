"""`rebuild-stats` on a database large enough that one transaction would hold the
SQLite writers' turn several busy timeouts long: it works in batches, so a writer
through a real gunicorn gets its answers within the busy timeout all along, and the
figures it rebuilt still agree with the log after every write made meanwhile."""
import subprocess
import sys
import threading
import time

import pytest

from tests.browser.server import ROOT
from tests.fault.harness import FaultServer, Portal, post_of

pytestmark = pytest.mark.alone  # timed against the busy timeout: `make test` runs it alone

BUSY_SECONDS = 3  # a batch takes a fraction of it, even on a busy machine
ITEMS = 12_000


class SynthServer(FaultServer):
    def environment(self):
        return {**super().environment(), "EOFFICE_SQLITE_BUSY_SECONDS": str(BUSY_SECONDS)}

    def start(self):
        for command in (("db", "upgrade"),
                        ("eoffice", "synth", "--items", str(ITEMS), "--posts", "500")):
            self._run_flask(self.environment(), *command)
        self.launch()
        return self


def keep_writing(portal, as_post, to_post, stop, answers):
    """Diarise and send receipts until told to stop: (status, seconds) per request."""
    number = 0
    while not stop.is_set():
        number += 1
        started = time.monotonic()
        status, receipt_id, _body = portal.diarise(as_post, f"Written during rebuild {number}")
        answers.append((status, time.monotonic() - started))
        if receipt_id:
            started = time.monotonic()
            status, _body = portal.send(receipt_id, to_post)
            answers.append((status, time.monotonic() - started))


def test_rebuild_stats_lets_writers_through_and_stays_exact(tmp_path, fault_ready):
    server = SynthServer.started_in(tmp_path)
    try:
        portal = Portal(server.port, "cru.srinagar")
        as_post, to_post = post_of(server, "cru.srinagar"), post_of(server, "so.srinagar")
        stop, answers = threading.Event(), []
        writer = threading.Thread(target=keep_writing,
                                  args=(portal, as_post, to_post, stop, answers))
        writer.start()
        started = time.monotonic()
        rebuild = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "eoffice",
                                  "rebuild-stats"], cwd=ROOT, env=server.environment(),
                                 capture_output=True, text=True)
        rebuild_seconds = time.monotonic() - started
        during = list(answers)
        stop.set()
        writer.join(60)
        check = server.flask("eoffice", "rebuild-stats", "--check")
    finally:
        stop.set()
        server.stop()
    assert rebuild.returncode == 0, rebuild.stdout + rebuild.stderr
    # one transaction would have held the turn this long: the test means something
    assert rebuild_seconds > 2 * BUSY_SECONDS, rebuild_seconds
    statuses = [status for status, _seconds in during]
    assert len(statuses) >= 6, (statuses, rebuild_seconds)
    assert set(statuses) == {303}, (statuses, server.log())
    slowest = max(seconds for _status, seconds in during)
    assert slowest < BUSY_SECONDS, (slowest, rebuild_seconds)
    assert check.returncode == 0, check.stdout + check.stderr
    print(f"rebuild-stats on {ITEMS} items: {rebuild_seconds:.1f} s; {len(during)} writes "
          f"meanwhile, slowest {slowest:.2f} s")
