"""Whether the rate limits really count across workers.

Flask-Limiter's `memory://` store counts in each worker process: with 2 workers a
limit of 20 sign-ins a minute lets about 40 through (N workers, N times looser). With
more than one worker the limits need a store they share (Redis); without one the
portal says so loudly at start, and refuses in production (EOFFICE_ENV=production).
"""
import os
import shlex
import sys
import time

from limits.storage import MemoryStorage


def gunicorn_workers(argv=None, environ=None):
    """How many worker processes the gunicorn serving this app starts (1 when not under
    gunicorn): from its command line, GUNICORN_CMD_ARGS or WEB_CONCURRENCY."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    under_gunicorn = bool(argv) and "gunicorn" in argv[0] or "gunicorn" in sys.modules
    if not under_gunicorn:
        return 1
    workers = int(environ.get("WEB_CONCURRENCY") or 1)
    words = [*shlex.split(environ.get("GUNICORN_CMD_ARGS", "")), *argv[1:]]
    for index, word in enumerate(words):
        value = None
        if word in ("-w", "--workers") and index + 1 < len(words):
            value = words[index + 1]
        elif word.startswith("--workers="):
            value = word.split("=", 1)[1]
        elif word.startswith("-w") and word[2:].isdigit():
            value = word[2:]
        if value and value.isdigit():
            workers = int(value)
    return workers


def unshared_limits_problem(config, workers):
    """The line to say when limits are kept per worker by several workers, else None."""
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if workers <= 1 or not storage.startswith("memory://") or \
            config.get("RATELIMIT_ENABLED") is False:
        return None
    return (f"EOFFICE_RATELIMIT_STORAGE is memory:// with {workers} gunicorn workers: each "
            f"worker counts on its own, so sign-in and API limits are {workers} times looser "
            "than configured. Set EOFFICE_RATELIMIT_STORAGE=redis://127.0.0.1:6379 (shared).")


def warn_if_unshared(app, workers=None):
    problem = unshared_limits_problem(app.config, gunicorn_workers() if workers is None else workers)
    if problem:
        print(f"WARNING: {problem}", file=sys.stderr, flush=True)
        app.logger.warning(problem)
    return problem


class InlineSweptMemoryStorage(MemoryStorage):
    """The `memory://` store: limits' MemoryStorage, counting the same way, but expired
    counters are swept inline, at most once every SWEEP_SECONDS, rather than by a timer
    thread that it starts again after almost every counted request (a thread per API
    call when calls come more than 10 ms apart). A counter past its window is reset when
    it is next read in either case (MemoryStorage.get); the sweep only frees the memory
    of keys never read again. Registered under the `memory` scheme, so
    `EOFFICE_RATELIMIT_STORAGE=memory://` (the default) means this store."""

    STORAGE_SCHEME = ["memory"]
    SWEEP_SECONDS = 1.0

    def __init__(self, uri=None, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.swept_at = time.time()

    def _MemoryStorage__schedule_expiry(self):  # what MemoryStorage calls on each count
        now = time.time()
        if now - self.swept_at >= self.SWEEP_SECONDS:
            self.swept_at = now
            self._MemoryStorage__expire_events()
