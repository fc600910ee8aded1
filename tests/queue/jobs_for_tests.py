"""Job kinds the queue's tests run, in process and in a real worker."""
import os
import time

from eoffice import queue

CALLS = []


@queue.job("test.echo", max_attempts=3)
def echo(word):
    CALLS.append(word)


@queue.job("test.flaky", max_attempts=3)
def flaky(fail_times):
    CALLS.append("flaky")
    if CALLS.count("flaky") <= fail_times:
        raise ConnectionError("relay not answering")


@queue.job("test.hopeless", max_attempts=5)
def hopeless():
    CALLS.append("hopeless")
    raise queue.GiveUp("recipient address rejected")


@queue.job("test.slow", max_attempts=5)
def slow(folder):
    """First run: says it started, then takes long enough to be killed. Later runs
    finish at once. Each finish appends a line, so a double run would show."""
    started = os.path.join(folder, "started")
    first = not os.path.exists(started)
    with open(started, "a") as handle:
        handle.write("start\n")
    if first:
        time.sleep(60)
    with open(os.path.join(folder, "finished"), "a") as handle:
        handle.write("done\n")
