"""The portal served for real: gunicorn on a free loopback port, against a throwaway
SQLite database holding the demo organisation. Shared by the browser tests and
docs/screenshots.py; imports neither pytest nor Playwright.
"""
import atexit
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO_PASSWORD = os.environ.get("EOFFICE_DEMO_PASSWORD", "Demo@eOffice2026")
# The servers a process starts share their keys, so that the demo folder prepared by the
# first one (its audit log sealed, its keys' fingerprints recorded) serves them all.
PROCESS_KEYS = {"SECRET_KEY": secrets.token_hex(32), "EOFFICE_AUDIT_KEY": secrets.token_hex(32)}
_prepared_demo = []  # the folder, once made


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PortalServer:
    """`with PortalServer() as server: server.url("/login")`; everything is removed after."""

    def __init__(self, workers=2, threads=4, start_timeout=90):
        self.workers = workers
        self.threads = threads
        self.start_timeout = start_timeout
        self.instance = None
        self.env = None
        self.process = None
        self.port = None
        self._log = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path="/"):
        return self.base_url + path

    def environment(self):
        env = {key: value for key, value in os.environ.items()
               if key not in ("DATABASE_URL", "EOFFICE_TEST_DATABASE_URL")}
        env.update({
            "EOFFICE_INSTANCE": self.instance,
            "EOFFICE_SECURE_COOKIES": "0",  # plain HTTP on loopback
            **PROCESS_KEYS,
            "EOFFICE_DEMO_PASSWORD": DEMO_PASSWORD,
            # The suite signs in a few dozen times from one address within a minute,
            # and a cheap hash keeps each sign-in fast; neither rule is under test here.
            "EOFFICE_LOGIN_RATE_LIMIT": "1000 per minute",
            "EOFFICE_ARGON2_TIME_COST": "1",
            "EOFFICE_ARGON2_MEMORY_KIB": "8192",
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def start(self):
        self.instance = tempfile.mkdtemp(prefix="eoffice-browser-")
        self.env = env = self.environment()
        try:
            self.load_demo(env)
            self.port = free_port()
            self._log = open(os.path.join(self.instance, "gunicorn.log"), "wb")
            # gthread: Chromium keeps idle pre-connected sockets open, which would
            # pin a sync worker each until its timeout.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
                 "--worker-class", "gthread", "--threads", str(self.threads),
                 "--bind", f"127.0.0.1:{self.port}", "app:app"],
                cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def load_demo(self, env):
        """The instance folder as `db upgrade` and `eoffice demo` leave it, copied from a
        folder this process prepared so the first time (about 8 CPU seconds each time
        saved); on another database, or with keys of its own, made here."""
        if env.get("DATABASE_URL") or any(env.get(k) != v for k, v in PROCESS_KEYS.items()):
            for command in (("db", "upgrade"), ("eoffice", "demo")):
                self._run_flask(env, *command)
            return
        if not _prepared_demo:
            folder = tempfile.mkdtemp(prefix="eoffice-demo-")
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            for command in (("db", "upgrade"), ("eoffice", "demo")):
                self._run_flask({**env, "EOFFICE_INSTANCE": folder}, *command)
            with sqlite3.connect(os.path.join(folder, "eoffice.db")) as database:
                database.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all in the one file
            database.close()
            _prepared_demo.append(folder)
        shutil.copytree(_prepared_demo[0], env["EOFFICE_INSTANCE"], dirs_exist_ok=True)

    def _run_flask(self, env, *args):
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def flask(self, *args):
        """Run `flask --app app ARGS` against the served instance; returns its output."""
        return self._run_flask(self.env, *args)

    def _wait_until_healthy(self):
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn not healthy after {self.start_timeout}s:\n{self.log()}")

    def log(self):
        path = os.path.join(self.instance or "", "gunicorn.log")
        if not os.path.exists(path):
            return ""
        with open(path, errors="replace") as handle:
            return handle.read()[-4000:]

    def stop_process(self, timeout=10):
        """Stop gunicorn (gracefully, then SIGKILL) and close its log."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def stop(self):
        self.stop_process()
        self.process = None
        if self.instance:
            shutil.rmtree(self.instance, ignore_errors=True)
            self.instance = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
