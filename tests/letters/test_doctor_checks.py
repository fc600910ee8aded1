"""`eoffice doctor` on letters: a missing token library, PKCS#12 files others can read,
the demo CA in production, a relay that does not answer, a callback over plain HTTP or
with a short secret, and a QR code pointing at localhost are each a finding."""
import os
import socket

from eoffice.letters import doctor
from eoffice.signing import demo_ca


def states(findings):
    findings = findings if isinstance(findings, list) else [findings]
    return [finding.state for finding in findings], " ".join(f.text for f in findings)


def test_signing_findings(app, tmp_path):
    folder = tmp_path / "signing"
    app.config.update(SIGNING_DIR=str(folder), SIGNING_MODE="auto")
    assert states(doctor.letter_signing())[0] == ["ok"]
    demo_ca.make_officer_files(str(folder), [("adc.srinagar", "ADC", "DC")], "pass phrase")
    assert states(doctor.letter_signing())[0] == ["ok"]
    os.chmod(folder / "adc.srinagar.p12", 0o644)
    state, text = states(doctor.letter_signing())
    assert state == ["problem"] and "readable by others" in text
    os.chmod(folder / "adc.srinagar.p12", 0o600)
    app.config.update(ENVIRONMENT="production", SIGNING_OFFICES="DC-SGR=pkcs11",
                      PKCS11_MODULE=str(tmp_path / "no-such-library.so"))
    state, text = states(doctor.letter_signing())
    assert state == ["problem", "problem"] and "demo CA" in text and "no-such-library" in text


def test_mail_relay_findings(app):
    app.config["SMTP_HOST"] = None
    assert states(doctor.mail_relay())[0] == ["skipped"]
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=listening.getsockname()[1])
        assert states(doctor.mail_relay())[0] == ["ok"]
    assert states(doctor.mail_relay())[0] == ["problem"]  # closed now


def test_callback_and_address_findings(app):
    app.config["CALLBACKS"] = {}
    assert states(doctor.letter_callbacks())[0] == ["skipped"]
    app.config["CALLBACKS"] = {
        "eunnat": {"url": "https://eunnat.example.gov.in/hook", "secret": "x" * 64},
        "plain": {"url": "http://gateway.example.gov.in/hook", "secret": "x" * 64},
        "short": {"url": "https://short.example.gov.in/hook", "secret": "guessable"}}
    state, text = states(doctor.letter_callbacks())
    assert state == ["ok", "problem", "problem"] and "not HTTPS" in text and "shorter" in text
    app.config.update(ENVIRONMENT="production", PUBLIC_URL="http://127.0.0.1:5000")
    assert states(doctor.letter_public_address())[0] == ["problem"]
    app.config["PUBLIC_URL"] = "https://eoffice.jk.gov.in"
    assert states(doctor.letter_public_address())[0] == ["ok"]
