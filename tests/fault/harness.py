"""A real gunicorn to hurt, and a plain HTTP client that remembers what it was told.

FaultServer keeps its instance folder (maybe a tiny mount) and its keys across restarts,
so a master killed with SIGKILL comes back on the same port, database and sessions.
Portal is a stdlib client (http.client): cookies, CSRF token, multipart uploads, no
redirect following; network errors are answers too ("no answer").
"""
import http.client
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from urllib.parse import urlencode

from tests.browser.server import DEMO_PASSWORD, ROOT, PortalServer, free_port

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class FaultServer(PortalServer):
    def __init__(self, instance, log_path, workers=2):
        super().__init__(workers=workers, threads=2)
        self.instance, self.log_path = instance, log_path
        self._environment = None

    @classmethod
    def started_in(cls, tmp_path, workers=2):
        """A server on a new instance folder in tmp_path (its log beside it), started."""
        instance = tmp_path / "instance"
        instance.mkdir()
        return cls(str(instance), str(tmp_path / "gunicorn.log"), workers=workers).start()

    def environment(self):
        if self._environment is None:  # the same keys after every restart
            self._environment = super().environment()
        return self._environment

    def start(self):
        self.load_demo(self.environment())
        self.launch()
        return self

    def launch(self):
        self.port = self.port or free_port()
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--worker-class",
             "gthread", "--threads", str(self.threads), "--graceful-timeout", "5",
             "--no-control-socket", "--bind", f"127.0.0.1:{self.port}", "app:app"],
            cwd=ROOT, env=self.environment(), stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop_process()  # a server that never became healthy is not left running
            raise

    def wait_until_serving(self, timeout=30):
        """After a refused connection: until /healthz answers again (a worker respawned)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return True
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)
            finally:
                connection.close()
        return False

    def log(self):
        with open(self.log_path, errors="replace") as handle:
            return handle.read()[-4000:]

    def workers_now(self):
        path = f"/proc/{self.process.pid}/task/{self.process.pid}/children"
        try:
            with open(path) as handle:
                return [int(pid) for pid in handle.read().split()]
        except OSError:
            return []

    def kill_a_worker(self):
        workers = self.workers_now()
        if workers:
            _kill(random.choice(workers))  # nosec B311 - test chaos, not security
        return bool(workers)

    def crash_and_restart(self):
        """SIGKILL the master and every worker (a power cut of the service), start again."""
        workers = self.workers_now()
        _kill(self.process.pid)
        for pid in workers:
            _kill(pid)
        self.process.wait()
        self._log.close()
        deadline = time.monotonic() + 10
        while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.launch()

    def stop(self):
        """Stop gracefully; the instance folder stays for the checks."""
        self.stop_process(timeout=15)

    def flask(self, *args):
        return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args],
                              cwd=ROOT, env=self.environment(), capture_output=True, text=True)

    def database(self):
        return sqlite3.connect(os.path.join(self.instance, "eoffice.db"))


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Portal:
    """One signed-in person, talking HTTP."""

    def __init__(self, port, username):
        self.port, self.cookies, self.token = port, {}, None
        status, _headers, body = self.request("GET", "/login")
        self.token = _csrf(body)
        status, headers, _body = self.request("POST", "/login", {
            "username": username, "password": DEMO_PASSWORD})
        assert status == 303, f"sign-in as {username}: {status}"
        self.token = _csrf(self.request("GET", "/receipts/new")[2])

    def request(self, method, path, fields=None, files=None, timeout=10):
        """(status, headers, body); status None when the connection broke."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            fields = {**fields, "csrf_token": self.token}
            if files:
                body, headers["Content-Type"] = _multipart(fields, files)
            else:
                body = urlencode(fields, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            return None, {}, ""
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), data

    def diarise(self, as_post, subject, scan=b""):
        fields = {"as_post": as_post, "subject": subject, "sender_name": "Fault Tester",
                  "received_on": (date.today() - timedelta(days=1)).isoformat(), "mode": "post",
                  "category": "general", "grading": "normal", "form": "electronic"}
        files = {"attachments": ("scan.pdf", PDF + scan)} if scan else None
        status, headers, body = self.request("POST", "/receipts/new", fields, files)
        match = re.search(r"/receipts/(\d+)$", headers.get("Location", "")) if status == 303 else None
        return status, (int(match.group(1)) if match else None), body

    def send(self, receipt_id, to_post):
        status, _headers, body = self.request("POST", f"/receipts/{receipt_id}/send",
                                              {"to_post": to_post, "priority": "normal"})
        return status, body


def _csrf(html):
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f'{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                     + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_of(server, username):
    with server.database() as connection:
        return connection.execute(
            "SELECT post_id FROM post_holding JOIN user_account ON user_account.id = user_id "
            "WHERE username = ?", (username,)).fetchone()[0]


def check_after(server, acked_receipts, acked_sends):
    """Every acknowledged write is there, whole; verify passes. Returns the report lines."""
    problems = []
    connection = server.database()
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            problems.append(f"integrity_check: {verdict}")
        for receipt_id, subject in acked_receipts.items():
            row = connection.execute("SELECT subject FROM receipt WHERE id = ?",
                                     (receipt_id,)).fetchone()
            if row is None or row[0] != subject:
                problems.append(f"acknowledged receipt {receipt_id} ({subject}) is missing")
        for receipt_id, to_post in acked_sends.items():
            row = connection.execute("SELECT count(*) FROM movement WHERE receipt_id = ? AND "
                                     "action = 'send' AND to_post_id = ?",
                                     (receipt_id, to_post)).fetchone()
            if row[0] != 1:
                problems.append(f"acknowledged send of receipt {receipt_id} is missing")
    finally:
        connection.close()
    verify = server.flask("eoffice", "verify")
    if verify.returncode != 0:
        problems.append(f"verify failed:\n{verify.stdout}{verify.stderr}")
    return problems
