"""Several hosts share one Redis as the queue's message store (EOFFICE_QUEUE_URL=
redis://...): a real redis-server on loopback carries the job from the enqueueing
process to the one that runs it."""
import shutil
import socket
import subprocess
import time

import pytest

from eoffice import queue
from eoffice.extensions import db
from tests.queue import jobs_for_tests  # noqa: F401 - registers the test job kinds
from tests.queue.jobs_for_tests import CALLS


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_jobs_travel_through_redis(app, redis_url):
    CALLS.clear()
    app.config["QUEUE_URL"] = redis_url
    queue.init_app(app)
    try:
        assert type(queue.huey.storage).__name__ == "RedisStorage"
        queue.enqueue("test.echo", "r1", word="through redis")
        db.session.commit()
        assert queue.huey.pending_count() == 1  # the message waits in Redis
        assert queue.run_waiting() == 1
        assert CALLS == ["through redis"]
        assert queue.find("test.echo", "r1").state == "done"
    finally:
        app.config["QUEUE_URL"] = "memory://"
        queue.init_app(app)
