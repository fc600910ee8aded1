"""The office-hours mix, for locust (bench/capacity.py runs it headless).

Hundreds of officials, each signed in with a session of their own on one of the
synthesised posts, do what a desk does: about three requests in four read (the inbox,
its htmx refresh, a file, its history, search, their office's dashboard) and one in
four writes (diarise a receipt, send a file on to a colleague, write a note, open a
file that has just arrived). Files pass between the desks of the run: a file sent to a
desk waits there unread until that desk opens it, and is then the desk's to note and
send on, so every write is one the portal accepts (no 409s by construction; an error
is a real one).

The offered rate rises in steps (the plan's `steps`, requests a second for all desks
together); each step settles, then is measured on its own: achieved rate, latency
percentiles, failures, per request kind. Redirects are not followed, so each HTTP
request the server answers is counted once.

    BENCH_CAPACITY_PLAN=plan.json locust -f bench/locustfile.py --headless ...
"""
import json
import os
import random
import re
import time
from collections import defaultdict, deque

from locust import FastHttpUser, LoadTestShape, events, task

PLAN = json.load(open(os.environ["BENCH_CAPACITY_PLAN"]))
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
ALERT = re.compile(r'role="alert">([^<]*)<')
DESKS = PLAN["desks"]
ARRIVED = defaultdict(deque)  # post id -> files sent to it, not yet opened there
RATE = [PLAN["steps"][0]]     # requests a second offered by all desks together
_next_desk = iter(range(len(DESKS)))
_signed_in = [0]
STEPS = []                    # one result per measured step


class Official(FastHttpUser):
    """One desk: an official signed in on their post."""

    host = PLAN["hosts"][0]
    network_timeout = 30.0
    connection_timeout = 30.0

    def __init__(self, environment):
        self.index = next(_next_desk)
        self.desk = DESKS[self.index]
        self.host = PLAN["hosts"][self.index % len(PLAN["hosts"])]
        super().__init__(environment)
        self.rng = random.Random(self.index)
        self.files = list(self.desk["files"])
        self.drafted = set(self.desk["drafted"])  # files with this desk's draft notes
        self.serial = 0
        self._due = None

    def wait_time(self):
        """Paced: this desk's share of the offered rate, not bursts (open arrivals)."""
        interval = len(DESKS) / RATE[0]
        now = time.monotonic()
        if self._due is None:
            self._due = now + self.rng.random() * interval
        else:
            self._due = max(now, self._due + interval)
        return self._due - now

    def on_start(self):
        """Sign in (again after a timeout: hundreds of desks signing in at once queue up
        behind the password hashing); not counted in any step."""
        while True:
            page = self.client.get("/login", name="sign in").text or ""
            token = CSRF.search(page)
            if token:
                self.client.post("/login", name="sign in", allow_redirects=False, data={
                    "username": self.desk["username"], "password": PLAN["password"],
                    "csrf_token": token.group(1)})
                answer = self.client.get("/inbox", name="sign in", allow_redirects=False)
                inbox = answer.status_code == 200 and CSRF.search(answer.text or "")
                if inbox:
                    self.csrf = inbox.group(1)
                    _signed_in[0] += 1
                    return
            time.sleep(1 + self.rng.random())

    def _get(self, path, name, headers=None):
        with self.client.get(path, name=name, headers=headers, allow_redirects=False,
                             catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")

    def _post(self, path, name, data):
        with self.client.post(path, name=name, data=dict(data, csrf_token=self.csrf),
                              allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 303:
                said = ALERT.findall(answer.text or "")
                answer.failure(f"{answer.status_code}: {' '.join(said)[:200]}")
            return answer.status_code == 303

    # reads: three in four
    @task(20)
    def inbox(self):
        self._get("/inbox", "read: inbox")

    @task(8)
    def inbox_refresh(self):
        self._get("/inbox", "read: inbox (htmx)", {"HX-Request": "true"})

    @task(17)
    def file_page(self):
        if not self.files:
            return self.inbox()
        self._get(f"/files/{self.rng.choice(self.files)}", "read: file")

    @task(10)
    def history(self):
        if not self.files:
            return self.inbox()
        self._get(f"/files/{self.rng.choice(self.files)}/history", "read: history")

    @task(12)
    def search(self):
        self._get(f"/search?q={self.rng.choice(PLAN['words'])}", "read: search")

    @task(8)
    def dashboard(self):
        self._get(f"/dashboard/office/{self.desk['office']}", "read: dashboard")

    # writes: one in four
    @task(7)
    def diarise(self):
        self.serial += 1
        self._post("/receipts/new", "write: diarise", {
            "as_post": str(self.desk["post"]), "form": "electronic", "action": "save",
            "subject": f"Representation {self.index}-{self.serial} on land records",
            "sender_name": "Ghulam Mohammad Dar", "letter_no": f"L/{self.serial}",
            "received_on": time.strftime("%d-%m-%Y"), "mode": "post",
            "category": "general", "grading": "normal"})

    @task(7)
    def send(self):
        if not self.files:
            return self.diarise()
        file_id = self.files.pop(self.rng.randrange(len(self.files)))
        to = DESKS[self.rng.choice(self.desk["colleagues"])]
        form = {"to_post": str(to["post"]), "priority": "normal",
                "remarks": "Please examine and put up"}
        name = "write: send"
        if file_id in self.drafted:  # draft notes are signed with the password as they leave
            form["password"] = PLAN["password"]
            name = "write: send, signing notes"
        if self._post(f"/files/{file_id}/send", name, form):
            ARRIVED[to["post"]].append(file_id)
            self.drafted.discard(file_id)

    @task(5)
    def note(self):
        if not self.files:
            return self.diarise()
        file_id = self.rng.choice(self.files)
        if self._post(f"/files/{file_id}/notes", "write: note", {
                "body": "<p>Examined. The report is placed below for orders.</p>"}):
            self.drafted.add(file_id)

    @task(6)
    def open_arrived(self):
        arrived = ARRIVED[self.desk["post"]]
        if not arrived:
            return self.inbox()
        file_id = arrived.popleft()
        self._get(f"/files/{file_id}", "write: open")
        self.files.append(file_id)


class Steps(LoadTestShape):
    """All desks sign in first; then each offered rate settles and is measured."""

    def __init__(self):
        super().__init__()
        self.step, self.phase, self.since = -1, "sign-in", None

    def tick(self):
        now = time.monotonic()
        if self.phase == "sign-in":
            self.since = self.since or now
            if _signed_in[0] < len(DESKS) and now - self.since < 300:
                return len(DESKS), PLAN["spawn_rate"]
            self._next_step(now)
        elif self.phase == "settle" and now - self.since >= self._settle_seconds():
            self.runner.stats.reset_all()
            self.phase, self.since, self.load = "measure", now, _cpu_times()
        elif self.phase == "measure" and now - self.since >= PLAN["step_seconds"]:
            STEPS.append(_snapshot(self.runner.stats, RATE[0], now - self.since, self.load))
            if self.step + 1 >= len(PLAN["steps"]) or _failed_badly(STEPS[-1]):
                return None
            self._next_step(now)
        return len(DESKS), PLAN["spawn_rate"]

    def _settle_seconds(self):
        """The first step settles longer: the sign-ins (each hashes a password) leave a
        queue behind them that must drain before anything is measured."""
        first = PLAN.get("first_settle_seconds", 0) if self.step == 0 else 0
        return max(PLAN["settle_seconds"], first)

    def _next_step(self, now):
        self.step += 1
        RATE[0] = PLAN["steps"][self.step]
        self.phase, self.since = "settle", now


def _failed_badly(step):
    """Past the knee (p99 over a second, or errors), higher steps only queue more."""
    return step["p99_ms"] > 1000 or step["failures"] > 0.01 * max(step["requests"], 1)


def _cpu_times():
    """CPU seconds used so far by the servers and by this load generator."""
    import psutil

    servers = 0.0
    for pid in PLAN["server_pids"]:
        try:
            process = psutil.Process(pid)
            for each in [process, *process.children(recursive=True)]:
                times = each.cpu_times()
                servers += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    own = psutil.Process().cpu_times()
    total = psutil.cpu_times()
    return {"servers": servers, "locust": own.user + own.system,
            "machine_busy": total.user + total.system + total.nice + getattr(total, "irq", 0)
            + getattr(total, "softirq", 0), "at": time.monotonic()}


def _snapshot(stats, offered, seconds, before):
    after = _cpu_times()
    wall = after["at"] - before["at"]
    total = stats.total
    kinds = {}
    for (name, method), entry in sorted(stats.entries.items()):
        kinds[name] = {"requests": entry.num_requests, "failures": entry.num_failures,
                       "p50_ms": entry.get_response_time_percentile(0.5),
                       "p99_ms": entry.get_response_time_percentile(0.99)}
    return {"offered_rps": offered, "seconds": round(seconds, 1),
            "requests": total.num_requests, "failures": total.num_failures,
            "rps": round(total.num_requests / seconds, 1),
            "p50_ms": total.get_response_time_percentile(0.5),
            "p95_ms": total.get_response_time_percentile(0.95),
            "p99_ms": total.get_response_time_percentile(0.99),
            "max_ms": round(total.max_response_time or 0),
            "errors": {f"{e.method} {e.name}: {e.error}"[:300]: e.occurrences
                       for e in list(stats.errors.values())[:5]},
            "load_average": round(os.getloadavg()[0], 2),
            "cores_servers": round((after["servers"] - before["servers"]) / wall, 2),
            "cores_locust": round((after["locust"] - before["locust"]) / wall, 2),
            "cores_machine": round((after["machine_busy"] - before["machine_busy"]) / wall, 2),
            "kinds": kinds}


@events.quitting.add_listener
def _write_steps(environment, **_kwargs):
    with open(PLAN["out"], "w") as handle:
        json.dump({"steps": STEPS}, handle, indent=1)
