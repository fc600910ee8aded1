"""Letters with real parts: certificates from a CA made here, a SoftHSM2 token
initialised here, pdfsig from poppler-utils."""
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization

from eoffice import queue
from eoffice.drafts import services as drafts
from eoffice.extensions import db
from eoffice.letters import delivery
from eoffice.movement import services as movement
from eoffice.signing import demo_ca
from tests.factories import PASSWORD, make_file

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_PIN = "246810"
HINDI_BODY = "<p>महोदय, आपके आवेदन पर विचार किया गया है और भूमि अभिलेख में सुधार कर दिया गया है।</p>"
URDU_BODY = "<p>جناب، آپ کی درخواست پر غور کیا گیا اور زمین کے ریکارڈ میں درستی کر دی گئی ہے۔</p>"


def issue_letter(org, language="en", body="<p>Sir, the record is corrected.</p>",
                 recipients="Ghulam Nabi, Khanyar, Srinagar", mode="post", efile=None):
    """A letter drafted by the SO in `language`, approved by the ADC and issued by the
    ADC (who then holds the file); nothing of the background work has run yet."""
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    efile = efile or make_file(so)
    draft = drafts.create_draft(so, efile, "Correction of land record", body, language=language)
    movement.send(so, efile, [posts["adc"].id])
    drafts.approve_draft(adc, draft, PASSWORD)
    dispatch = drafts.issue_draft(adc, draft, recipients, mode)
    db.session.commit()
    return dispatch


def name_offices_locally(org):
    """The DC office and the ADC's post with their Hindi and Urdu names."""
    office, adc = org["offices"]["dc_sgr"], org["posts"]["adc"]
    office.name_hi, office.name_ur = "उपायुक्त कार्यालय, श्रीनगर", "دفتر ڈپٹی کمشنر، سری نگر"
    adc.designation_hi, adc.designation_ur = "अतिरिक्त उपायुक्त", "ایڈیشنل ڈپٹی کمشنر"
    db.session.commit()


def run_jobs():
    queue.run_waiting()
    db.session.expire_all()


@pytest.fixture
def ca(tmp_path):
    """A CA in tmp_path/signing, as `eoffice demo` makes one."""
    folder = tmp_path / "signing"
    key, cert = demo_ca.load_or_make_ca(str(folder))
    return {"folder": str(folder), "key": key, "cert": cert,
            "pem": str(folder / demo_ca.CA_CERT)}


@pytest.fixture
def pkcs12_officer(app, ca):
    """adc.srinagar signs with a PKCS#12 file whose passphrase is their password."""
    app.config["SIGNING_DIR"] = ca["folder"]
    demo_ca.make_officer_files(ca["folder"], [("adc.srinagar", "A. D. Commissioner",
                                               "Deputy Commissioner Office, Srinagar")], PASSWORD)
    return ca


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory):
    """A SoftHSM2 token for this test run, labelled adc.srinagar (PIN TOKEN_PIN), holding
    a key and certificate from its own CA. SOFTHSM2_CONF is read once per process."""
    if not (os.path.exists(SOFTHSM_MODULE) and shutil.which("softhsm2-util")
            and shutil.which("pkcs11-tool")):
        pytest.fail("SoftHSM2 and OpenSC are needed: apt-get install softhsm2 opensc")
    root = tmp_path_factory.mktemp("softhsm")
    (root / "tokens").mkdir()
    conf = root / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    ca_key, ca_cert = demo_ca.load_or_make_ca(str(root / "ca"))
    key, cert = demo_ca.officer_certificate(ca_key, ca_cert, "A. D. Commissioner",
                                            "Deputy Commissioner Office, Srinagar")
    key_file, cert_file = root / "key.pem", root / "cert.der"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    label = "adc.srinagar"
    for command in (
        ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", TOKEN_PIN,
         "--so-pin", "13579246"],
        ["softhsm2-util", "--import", str(key_file), "--token", label, "--label", "signing",
         "--id", "01", "--pin", TOKEN_PIN],
        ["pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", label, "--login",
         "--pin", TOKEN_PIN, "--write-object", str(cert_file), "--type", "cert",
         "--label", "signing", "--id", "01"],
    ):
        subprocess.run(command, check=True, capture_output=True)
    key_file.unlink()
    return {"ca_pem": str(root / "ca" / demo_ca.CA_CERT)}


@pytest.fixture
def pkcs11_officer(app, softhsm):
    """The office signs with tokens: adc.srinagar's is the SoftHSM2 one."""
    app.config.update(SIGNING_MODE="pkcs11", PKCS11_MODULE=SOFTHSM_MODULE,
                      PKCS11_TOKEN_LABEL="{username}", PKCS11_KEY_LABEL="signing")
    return softhsm


class Gateway(BaseHTTPRequestHandler):
    """e-UNNAT's end: checks the HMAC as its README tells clients to."""
    secret, received, answers = b"", [], []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        timestamp = self.headers[delivery.TIMESTAMP_HEADER]
        expected = "sha256=" + hmac.new(self.secret, timestamp.encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
        valid = hmac.compare_digest(expected, self.headers[delivery.SIGNATURE_HEADER])
        self.received.append((valid, json.loads(body)))
        code = self.answers.pop(0) if self.answers else (200 if valid else 401)
        self.send_response(code)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(app):
    Gateway.secret, Gateway.received, Gateway.answers = b"shared-with-eunnat", [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["CALLBACKS"] = {"eunnat": {
        "url": f"http://127.0.0.1:{server.server_address[1]}/eoffice/letters",
        "secret": "shared-with-eunnat"}}
    yield Gateway
    server.shutdown()
    server.server_close()
