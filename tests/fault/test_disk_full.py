"""The data folder fills up mid-writing: clean answers, nothing half-written, and the
portal carries on once space is freed."""
import errno
import os

from tests.fault.harness import FaultServer, Portal, check_after, post_of

SCAN = 48 * 1024


def fill(folder, leave=160 * 1024):
    """Fill the file system, then give back a little so the next writes run out midway.

    Unbuffered: a buffered file keeps the bytes the disk refused and tries them again
    on truncate and on close, which then fail with the same error."""
    path = os.path.join(folder, "filler")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        chunk = b"\0" * (1024 * 1024)
        try:
            while True:
                os.write(descriptor, chunk)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        os.ftruncate(descriptor, max(0, os.fstat(descriptor).st_size - leave))
    finally:
        os.close(descriptor)
    return path


def test_full_disk_gives_clean_errors_and_no_corruption(tmp_path, small_disk):
    server = FaultServer(small_disk, str(tmp_path / "gunicorn.log"), workers=2)
    server.start()
    acked_receipts, acked_sends, answers = {}, {}, []

    def answer(status, body):
        answers.append((status, "run out of disk space" in body if status == 507 else None))

    def write(portal, index):
        subject = f"Disk {index}"
        scan = os.urandom(SCAN)  # unique, incompressible
        status, receipt_id, body = portal.diarise(cru_post, subject, scan)
        answer(status, body)
        if status == 303:
            acked_receipts[receipt_id] = subject
            sent, body = portal.send(receipt_id, so_post)
            answer(sent, body)
            if sent == 303:
                acked_sends[receipt_id] = so_post
        return status

    try:
        cru_post, so_post = post_of(server, "cru.srinagar"), post_of(server, "so.srinagar")
        portal = Portal(server.port, "cru.srinagar")
        assert write(portal, 0) == 303
        filler = fill(small_disk)
        full = [write(portal, index) for index in range(1, 16)]
        os.unlink(filler)
        after = [write(portal, index) for index in range(16, 19)]
    finally:
        server.stop()
    assert 507 in full, answers
    assert {status for status, _ in answers} <= {303, 409, 503, 507}, answers
    assert all(clear for status, clear in answers if status == 507), "507 says why"
    assert after == [303, 303, 303], (after, server.log())
    problems = check_after(server, acked_receipts, acked_sends)
    assert not problems, "\n".join(problems)
