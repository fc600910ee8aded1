import io

from werkzeug.datastructures import FileStorage

from eoffice import queue


def upload(data, filename):
    return FileStorage(io.BytesIO(data), filename=filename)


def run_worker(rounds=1):
    """What the worker would do: every job waiting now (retries are waiting ones too)."""
    return sum(queue.run_waiting() for _ in range(rounds))
