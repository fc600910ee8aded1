"""`doctor --url`: the portal as its users reach it, through nginx: a valid certificate
with time left, HSTS, __Host- cookies, plain HTTP sent to HTTPS, /healthz ready."""
import http.client
import json
import ssl
import time
from urllib.parse import urlsplit

from .findings import fine, problem, skipped

CERTIFICATE_DAYS_LEFT = 14


def _get(scheme, host, port, path, context=None):
    """(status, headers as a list, body, peer certificate or None)."""
    if scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=10, context=context)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", path, headers={"User-Agent": "eoffice-doctor"})
        response = connection.getresponse()
        body = response.read(65536).decode(errors="replace")
        certificate = connection.sock.getpeercert() if scheme == "https" and connection.sock else None
        return response.status, response.getheaders(), body, certificate
    finally:
        connection.close()


def probe(url):
    parts = urlsplit(url.rstrip("/"))
    if parts.scheme != "https":
        return [problem("HTTPS", f"{url} is plain HTTP", "give the doctor the https:// address "
                        "users open; serve it with deploy/nginx-eoffice.conf")]
    host, port = parts.hostname, parts.port or 443
    context = ssl.create_default_context()
    try:
        status, headers, _body, certificate = _get("https", host, port, "/login", context)
    except (ssl.SSLError, ssl.CertificateError) as error:
        return [problem("HTTPS", f"{url}: the certificate is not accepted ({error})",
                        "install a certificate for this name with its chain (fullchain.pem)")]
    except OSError as error:
        return [problem("HTTPS", f"{url} cannot be reached ({error})",
                        "systemctl status nginx eoffice")]
    findings = [_certificate(url, certificate), _cookies(status, headers),
                _plain_http(host, parts.port), _health(host, port, context)]
    return findings


def _certificate(url, certificate):
    left = (ssl.cert_time_to_seconds(certificate["notAfter"]) - time.time()) / 86400
    if left < CERTIFICATE_DAYS_LEFT:
        return problem("HTTPS", f"{url}'s certificate expires in {left:.0f} days",
                       "renew it (certbot renew, or ask the CA), then systemctl reload nginx")
    return fine("HTTPS", f"{url}: valid certificate, {left:.0f} days left")


def _cookies(status, headers):
    cookies = [value for name, value in headers if name.lower() == "set-cookie"]
    hsts = [value for name, value in headers if name.lower() == "strict-transport-security"]
    session = [cookie for cookie in cookies if cookie.startswith("__Host-session=")]
    if status != 200 or not session:
        return problem("cookies over TLS", f"the sign-in page answered {status} without a "
                       "__Host-session cookie", "set EOFFICE_SECURE_COOKIES=1 and "
                       "EOFFICE_PROXY_HOPS=1 in /etc/eoffice.env; systemctl restart eoffice")
    if "secure" not in session[-1].lower() or not hsts:
        return problem("cookies over TLS", "the session cookie is not marked Secure, or no "
                       "Strict-Transport-Security header", "set EOFFICE_SECURE_COOKIES=1")
    return fine("cookies over TLS", "__Host-session, Secure, with HSTS")


def _plain_http(host, https_port):
    if https_port not in (None, 443):
        return skipped("HTTP to HTTPS", f"HTTPS is on port {https_port}, so plain HTTP is "
                       "not looked for on port 80")
    try:
        status, headers, _body, _cert = _get("http", host, 80, "/login")
    except OSError as error:
        return fine("HTTP to HTTPS", f"port 80 does not answer ({error.__class__.__name__}); "
                    "nothing is served over plain HTTP")
    location = dict((name.lower(), value) for name, value in headers).get("location", "")
    if status in (301, 308) and location.startswith("https://"):
        return fine("HTTP to HTTPS", f"http://{host}/ sends people to {location}")
    return problem("HTTP to HTTPS", f"http://{host}/login answered {status}, not a redirect "
                   "to HTTPS", "keep deploy/nginx-eoffice.conf's port 80 server")


def _health(host, port, context):
    try:
        status, _headers, body, _cert = _get("https", host, port, "/healthz", context)
    except OSError as error:
        return problem("health", f"/healthz cannot be reached ({error})", "systemctl status eoffice")
    if status == 200:
        return fine("health", "/healthz answers ready")
    try:
        reason = json.loads(body)
    except ValueError:
        reason = body[:200]
    return problem("health", f"/healthz answered {status}: {reason}",
                   "journalctl -u eoffice; the reason above says what is not ready")
