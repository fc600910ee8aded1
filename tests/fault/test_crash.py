"""Workers killed with SIGKILL mid-write, and the whole service once: every write that
was answered with success is there, whole, and `verify` passes."""
import random
import threading
import time

from tests.fault.harness import FaultServer, Portal, check_after, post_of

OPERATIONS = 48  # diarise (with a scan) and send, as one diarist would
KILL_EVERY = 4  # operations
DEADLINE = 180  # seconds, however slow (or busy) the machine: 20-35 s when idle


class Chaos(threading.Thread):
    """Every few operations, SIGKILL a random worker a moment after the request left;
    halfway, SIGKILL the master and all workers and start the service again."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.started, self.kills = server, 0, []
        self.stop, self.progress = threading.Event(), threading.Condition()

    def operation_started(self):
        with self.progress:
            self.started += 1
            self.progress.notify()

    def run(self):
        next_kill = KILL_EVERY
        while not self.stop.is_set():
            with self.progress:
                self.progress.wait_for(lambda: self.started >= next_kill or self.stop.is_set(), 1)
            if self.stop.is_set() or self.started < next_kill:
                continue
            time.sleep(random.uniform(0, 0.2))  # nosec B311 - test chaos
            if "all" not in self.kills and self.started >= OPERATIONS // 2:
                self.server.crash_and_restart()
                self.kills.append("all")
            elif self.server.kill_a_worker():
                self.kills.append("worker")
            next_kill = self.started + KILL_EVERY


def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path, fault_ready):
    instance = tmp_path / "instance"
    instance.mkdir()
    server = FaultServer(str(instance), str(tmp_path / "gunicorn.log"), workers=2)
    server.start()
    chaos = Chaos(server)
    acked_receipts, acked_sends, answers = {}, {}, []
    try:
        cru_post, so_post = post_of(server, "cru.srinagar"), post_of(server, "so.srinagar")
        portal = Portal(server.port, "cru.srinagar")
        chaos.start()
        deadline = time.monotonic() + DEADLINE
        last_receipt = None
        for index in range(OPERATIONS):
            if time.monotonic() > deadline:
                break
            chaos.operation_started()
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
        chaos.stop.set()
        chaos.join(30)
        server.stop()
    kills = chaos.kills
    # enough chaos happened: several worker kills and one kill-and-restart of the whole service
    assert "all" in kills and kills.count("worker") >= 3, kills
    assert len(acked_receipts) >= 10 and acked_sends, (answers, server.log())
    assert set(answers) <= {303, 409, 503, None}, answers
    problems = check_after(server, acked_receipts, acked_sends)
    assert not problems, "\n".join(problems)
