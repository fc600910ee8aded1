"""The portal as deploy/ installs it, on loopback: gunicorn started with
eoffice.service's own command lines and environment file, behind Debian's nginx running
deploy/nginx-eoffice.conf (a test-owned process with its own prefix, pid and logs, and a
self-signed certificate made here). A stdlib HTTPS client talks to it from 127.0.0.2."""
import http.client
import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import time
import uuid
from urllib.parse import urlencode

from tests.browser.server import DEMO_PASSWORD, ROOT, PortalServer, free_port
from tests.deploy import files

NGINX = "/usr/sbin/nginx"
REDIS = "/usr/bin/redis-server"
SERVER_NAME = "eoffice.example.gov.in"
CLIENT_ADDRESS = "127.0.0.2"  # not nginx's own address, so the audit log shows whose it is


class DeployedPortal(PortalServer):
    """gunicorn with the unit's ExecStartPre and ExecStart, the example environment file's
    settings (secure cookies, one proxy hop) and a throwaway instance folder."""

    def __init__(self, folder, redis_url):
        super().__init__()
        self.folder, self.redis_url = folder, redis_url

    def environment(self):
        base = super().environment()
        settings, _defaults = files.environment_file()
        env = {**base, **{key: files.at_checkout(value) for key, value in settings.items()}}
        # what IT fills in, or what differs on loopback; the rest is the file's
        env.update({"SECRET_KEY": base["SECRET_KEY"], "EOFFICE_AUDIT_KEY": base["EOFFICE_AUDIT_KEY"],
                    "EOFFICE_INSTANCE": self.instance,
                    "DATABASE_URL": f"sqlite:///{self.instance}/eoffice.db",
                    "EOFFICE_BIND": f"127.0.0.1:{self.port}", "EOFFICE_WORKERS": "2",
                    "EOFFICE_RATELIMIT_STORAGE": self.redis_url,
                    # production refuses a cost below OWASP's floor: its cheapest setting
                    "EOFFICE_ARGON2_MEMORY_KIB": "7168", "EOFFICE_ARGON2_TIME_COST": "5"})
        return env

    def start(self):
        self.instance = os.path.join(self.folder, "instance")
        os.makedirs(self.instance)
        self.port = free_port()
        self.env = self.environment()
        self._run(files.command_line("eoffice.service", "ExecStartPre"))
        self._run_flask(self.env, "eoffice", "demo")
        self._log = open(os.path.join(self.instance, "gunicorn.log"), "wb")
        self.process = subprocess.Popen(files.command_line("eoffice.service"), cwd=ROOT,
                                        env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until_healthy()
        return self

    def _run(self, command):
        result = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True)
        assert result.returncode == 0, f"{command} failed:\n{result.stdout}{result.stderr}"

    def requests_seen(self, until=None):
        """The request lines of gunicorn's access log ("GET /login HTTP/1.0", ...); with
        `until`, waits (a few seconds at most) for a line containing it to be written."""
        deadline = time.monotonic() + 5
        while True:
            with open(os.path.join(self.instance, "gunicorn.log"), errors="replace") as handle:
                lines = [line.split('"')[1] for line in handle if line.count('"') >= 2]
            if until is None or any(until in line for line in lines) or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def database(self):
        return sqlite3.connect(os.path.join(self.instance, "eoffice.db"))

    def stop(self):
        self.stop_process()


class Redis:
    """redis-server on a free loopback port, nothing kept on disk."""

    def __init__(self, folder):
        self.folder, self.port, self.process = folder, free_port(), None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.folder], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class Nginx:
    """nginx -p FOLDER with the site in front of `upstream_port`."""

    def __init__(self, folder, upstream_port):
        self.folder, self.upstream_port = folder, upstream_port
        self.http_port, self.https_port = free_port(), free_port()
        self.process = None
        self.ca_file = os.path.join(folder, "tls", "fullchain.pem")

    def start(self):
        self._make_certificate()
        site = files.nginx_site([
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;"),
            ("server 127.0.0.1:8000;", f"server 127.0.0.1:{self.upstream_port};"),
            ("/etc/ssl/eoffice/", f"{self.folder}/tls/"),
            ("/var/log/nginx/", f"{self.folder}/"),
            (f"{files.INSTALLED_AT}/", f"{ROOT}/"),
        ])
        with open(os.path.join(self.folder, "site.conf"), "w") as handle:
            handle.write(site)
        with open(os.path.join(self.folder, "nginx.conf"), "w") as handle:
            handle.write(self._main_config())
        self.process = subprocess.Popen(
            [NGINX, "-p", self.folder, "-c", os.path.join(self.folder, "nginx.conf"),
             "-e", os.path.join(self.folder, "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self._wait_until_listening()
        return self

    def _main_config(self):
        temp = "\n".join(f"    {kind}_temp_path {self.folder}/{kind};"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        # as root, workers would switch to `nobody`, who may not enter the test's folder
        user = "user root;\n" if os.geteuid() == 0 else ""
        return (f"{user}daemon off;\nworker_processes 1;\npid {self.folder}/nginx.pid;\n"
                f"error_log {self.folder}/error.log;\nevents {{ worker_connections 64; }}\n"
                f"http {{\n    include /etc/nginx/mime.types;\n"
                f"    default_type application/octet-stream;\n{temp}\n"
                f"    access_log {self.folder}/access.log;\n"
                f"    include {self.folder}/site.conf;\n}}\n")

    def _make_certificate(self):
        tls = os.path.join(self.folder, "tls")
        os.makedirs(tls)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                        "-subj", f"/CN={SERVER_NAME}",
                        "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
                        "-keyout", os.path.join(tls, "privkey.pem"), "-out", self.ca_file],
                       check=True, capture_output=True)

    def _wait_until_listening(self, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.errors()}")
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx not listening after {timeout}s:\n{self.errors()}")

    def errors(self):
        path = os.path.join(self.folder, "error.log")
        if not os.path.exists(path):
            return ""
        with open(path, errors="replace") as handle:
            return handle.read()[-4000:]

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Client:
    """One person's browser, over HTTPS through nginx, from CLIENT_ADDRESS: cookies,
    the Host and Referer a browser sends, no redirect following."""

    def __init__(self, nginx):
        self.nginx, self.cookies, self.set_cookies = nginx, {}, []
        self.context = ssl.create_default_context(cafile=nginx.ca_file)

    def request(self, method, path, body=None, headers=None, scheme="https"):
        """(status, {lower-case header: value}, body text)."""
        headers = {"Host": SERVER_NAME, "Referer": f"https://{SERVER_NAME}/login",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   **(headers or {})}
        if scheme == "https":
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.nginx.https_port, context=self.context, timeout=60,
                source_address=(CLIENT_ADDRESS, 0))
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.nginx.http_port,
                                                    timeout=60, source_address=(CLIENT_ADDRESS, 0))
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read().decode(errors="replace")
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                self.set_cookies.append(value)
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def form(self, path, fields, attachment=None, headers=None):
        fields = {**fields, "csrf_token": self.csrf_token}
        if attachment is None:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, attachment)
        return self.request("POST", path, body, {"Content-Type": content_type, **(headers or {})})

    def sign_in(self, username, password=DEMO_PASSWORD):
        self.csrf_token = csrf_of(self.request("GET", "/login")[2])
        status, headers, _body = self.form("/login", {"username": username, "password": password})
        self.csrf_token = csrf_of(self.request("GET", "/receipts/new")[2])
        return status, headers


def csrf_of(html):
    marker = 'name="csrf_token" type="hidden" value="'
    assert marker in html, "no CSRF token on the page"
    return html.split(marker, 1)[1].split('"', 1)[0]


def multipart(fields, attachment):
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             .encode() for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
                 f'filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                 + attachment + f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
