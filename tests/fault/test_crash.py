"""Workers killed with SIGKILL mid-write, and the whole service once: every write that
was answered with success is there, whole, and `verify` passes."""
import random
import threading
import time

from tests.fault.harness import FaultServer, Portal, check_after, post_of

OPERATIONS = 48  # diarise (with a scan) and send, as one diarist would
KILL_EVERY = 4  # operations: a kill lands during (or just after) every fourth operation
DEADLINE = 180  # seconds, however slow (or busy) the machine: 12-25 s when idle


class Chaos:
    """Strikes while an operation is under way: SIGKILL a random worker a moment after
    the request left; halfway, SIGKILL the master and all workers and start again.

    Each strike runs on its own timer thread and the next one waits for it, so the
    number of strikes follows from the operations, not from how fast the machine is."""

    def __init__(self, server):
        self.server, self.kills, self.strikes, self._strike = server, [], 0, None

    def strike(self, whole_service):
        self.finish()
        self.strikes += 1
        self._strike = threading.Timer(random.uniform(0, 0.2),  # nosec B311 - test chaos
                                       self._crash if whole_service else self._kill_a_worker)
        self._strike.start()

    def finish(self):
        if self._strike is not None:
            self._strike.join()

    def _crash(self):
        self.server.crash_and_restart()
        self.kills.append("all")

    def _kill_a_worker(self):
        if self.server.kill_a_worker():
            self.kills.append("worker")


def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path, fault_ready):
    server = FaultServer.started_in(tmp_path)
    chaos = Chaos(server)
    acked_receipts, acked_sends, answers = {}, {}, []
    try:
        cru_post, so_post = post_of(server, "cru.srinagar"), post_of(server, "so.srinagar")
        portal = Portal(server.port, "cru.srinagar")
        deadline = time.monotonic() + DEADLINE
        last_receipt = None
        for index in range(OPERATIONS):
            if time.monotonic() > deadline:
                break
            if index and index % KILL_EVERY == 0:
                chaos.strike(whole_service=index == OPERATIONS // 2)
            if index % 2 == 0 or last_receipt is None:
                subject = f"Fault {index}"
                status, receipt_id, _body = portal.diarise(cru_post, subject, f"%{index}\n".encode())
                if status == 303:
                    acked_receipts[receipt_id] = subject
                    last_receipt = receipt_id
            else:
                status, _body = portal.send(last_receipt, so_post)
                if status == 303:
                    acked_sends[last_receipt] = so_post
                last_receipt = None
            answers.append(status)
            if status is None:
                server.wait_until_serving()
    finally:
        chaos.finish()
        server.stop()
    kills = chaos.kills
    # the chaos happened: a worker killed every few operations, the whole service once
    assert "all" in kills and len(kills) == chaos.strikes >= 6, kills
    assert len(acked_receipts) >= 10 and acked_sends, (answers, server.log())
    assert set(answers) <= {303, 409, 503, None}, answers
    problems = check_after(server, acked_receipts, acked_sends)
    assert not problems, "\n".join(problems)
