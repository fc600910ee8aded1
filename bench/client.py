"""A tiny HTTP client for the bench: sign in, fetch pages, weigh them gzip-compressed."""
import gzip
import http.client
import re
import time
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
ASSETS = re.compile(r'(?:href|src)="(/static/[^"]+)"')


class Client:
    def __init__(self, port, cookie=""):
        self.port, self.cookie = port, cookie

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            body = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), data

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def text(self, path, headers=None):
        status, headers, data = self.get(path, headers)
        if headers.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return status, data.decode()

    def sign_in(self, username, password):
        _, page = self.text("/login")
        token = CSRF.search(page).group(1)
        status, headers, _ = self.request("POST", "/login", {
            "username": username, "password": password, "csrf_token": token})
        if status != 303:
            raise RuntimeError(f"sign-in of {username} failed ({status})")
        _, page = self.text("/inbox")
        self.csrf = CSRF.search(page).group(1)
        return self

    def weigh(self, path, headers=None):
        """(status, gzip bytes of the answer, gzip bytes of it and every asset it links)."""
        asked = dict(headers or {}, **{"Accept-Encoding": "gzip"})
        status, answer_headers, data = self.get(path, asked)
        html = gzip.decompress(data) if answer_headers.get("Content-Encoding") == "gzip" else data
        own = len(gzip.compress(html, 9))
        total = own
        for asset in dict.fromkeys(ASSETS.findall(html.decode(errors="replace"))):
            _, _, body = Client(self.port).get(asset.replace("&amp;", "&"))
            total += len(gzip.compress(body, 9))
        return status, own, total


def wait_until_up(port, path="/healthz", seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            status, _, _ = Client(port).get(path)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not come up")
