"""`verify --jobs N`: the checks shared out among N worker processes, each with its own
database connection, so a server with N cores verifies a million items in about 1/N of
the time. Each check reads its own consistent snapshot (the audit chain, or a movement
log with its audit events); a backup's checks, which must read the very snapshot the
backup copies, stay in one process.

Workers are forked from the process that asks, so they have its application (and its
configuration) as it is; the checks are passed by their place in the list, not pickled.
"""
import multiprocessing
import resource
import time

from flask import current_app

from ..extensions import db

_TASKS = {}  # set before the workers fork: (application, [(name, check)])


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(fn):
    """(problems, wall seconds, CPU seconds of this process)."""
    begun, cpu = time.perf_counter(), _cpu()
    problems = list(fn())
    return problems, time.perf_counter() - begun, _cpu() - cpu


def _fresh_connections():
    app, _checks = _TASKS["work"]
    with app.app_context():
        db.engine.dispose(close=False)  # the parent's pooled connections stay the parent's


def _run(index):
    app, checks = _TASKS["work"]
    with app.app_context():
        try:
            return index, timed(checks[index][1])
        finally:
            db.session.remove()


def shareable():
    """Whether worker processes can open the database themselves (an in-memory SQLite
    database is the parent's connection alone)."""
    url = db.engine.url
    return not (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"))


def run_in_processes(checks, jobs):
    """[(problems, wall, cpu)] of each check, in the order given."""
    if not shareable():
        return [timed(fn) for _name, fn in checks]
    _TASKS["work"] = (current_app._get_current_object(), checks)
    db.session.remove()
    try:
        with multiprocessing.get_context("fork").Pool(jobs, _fresh_connections) as pool:
            # the longest first, as listed: the audit chain and the movement seals
            done = dict(pool.imap_unordered(_run, range(len(checks))))
    finally:
        _TASKS.pop("work", None)
    return [done[index] for index in range(len(checks))]
