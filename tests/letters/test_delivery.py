"""Delivery on the queue: a real SMTP server (aiosmtpd) receives the letter with its
PDF; a local HTTP server receives the e-UNNAT callback with a valid HMAC; failures are
retried and then shown with their reasons."""
import base64
import email
import hashlib
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from eoffice import queue
from eoffice.clock import utcnow
from eoffice.extensions import db
from eoffice.letters import delivery
from eoffice.models import BackgroundJob
from tests.letters.conftest import issue_letter, run_jobs


class Inbox:
    def __init__(self, refuse=None):
        self.messages, self.refuse = [], refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and address == self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(app):
    inbox = Inbox(refuse="nobody@example.in")
    with socket.socket() as probe:  # a free port (aiosmtpd checks it is up by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port,
                      MAIL_FROM="dispatch@dc-srinagar.example.in")
    yield inbox
    controller.stop()


def unsigned_office(app, tmp_path):
    app.config["SIGNING_DIR"] = str(tmp_path / "no-certificates")


def test_recipients_with_an_email_address_get_the_pdf(app, org, smtp_server, tmp_path):
    unsigned_office(app, tmp_path)
    dispatch = issue_letter(org, recipients="Ghulam Nabi <ghulam.nabi@example.in>\n"
                                            "Tehsildar Khanyar, by post\nGHULAM.NABI@example.in")
    assert smtp_server.messages == []
    run_jobs()  # renders (final at once without certificates), then delivers
    assert [(d.channel, d.address) for d in dispatch.deliveries] == [("email", "ghulam.nabi@example.in")]
    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == ["ghulam.nabi@example.in"]
    assert dispatch.dispatch_no in message["Subject"]
    attachments = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert attachments[0].get_payload(decode=True) == dispatch.document.pdf
    state = delivery.status(dispatch.deliveries[0])
    assert state["state"] == "sent" and state["retries"] == 0
    run_jobs()
    assert len(smtp_server.messages) == 1  # sent once


def test_a_refused_address_fails_at_once_with_the_relays_reason(app, org, smtp_server, tmp_path):
    unsigned_office(app, tmp_path)
    dispatch = issue_letter(org, recipients="nobody@example.in")
    run_jobs()
    run_jobs()
    state = delivery.status(dispatch.deliveries[0])
    assert state["state"] == "failed"
    assert "550" in state["reason"] and "mailbox unavailable" in state["reason"]
    assert smtp_server.messages == []


def test_an_unreachable_relay_is_retried_then_shown_failed(app, org, tmp_path):
    unsigned_office(app, tmp_path)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=9, QUEUE_RETRY_SECONDS=60)  # nothing listens
    dispatch = issue_letter(org, recipients="ghulam.nabi@example.in")
    run_jobs()
    run_jobs()
    row = dispatch.deliveries[0]
    state = delivery.status(row)
    assert state["state"] == "queued" and "ConnectionRefusedError" in state["reason"]
    job = queue.find("letter.deliver", row.id)
    for _ in range(job.max_attempts):
        job.run_after = utcnow() - timedelta(seconds=1)
        db.session.commit()
        queue.huey.storage.flush_schedule()
        queue.sweep(grace_seconds=0)
        run_jobs()
    state = delivery.status(row)
    assert state["state"] == "failed" and state["retries"] == job.max_attempts - 1


def eunnat_receipt_in_file(org):
    from eoffice.dak.services import diarise_for_service
    from eoffice.files.services import create_file
    from eoffice.models import Receipt
    from eoffice.tokens.services import create_service_token
    from tests.factories import receipt_data

    token, _raw = create_service_token("eunnat", ["DC-SGR"])
    receipt = diarise_for_service(token, org["offices"]["dc_sgr"],
                                  receipt_data(mode="eunnat"), (), "EUN-2026-000042",
                                  org["posts"]["so"])
    db.session.commit()
    so = org["users"]["so.srinagar"]
    efile = create_file(so, org["posts"]["so"], "Land record correction", "general", "REV",
                        receipts=[db.session.get(Receipt, receipt.id)])
    db.session.commit()
    return receipt, efile


def test_the_callback_reaches_eunnat_signed_with_the_shared_secret(app, org, gateway, tmp_path):
    unsigned_office(app, tmp_path)
    receipt, efile = eunnat_receipt_in_file(org)
    dispatch = issue_letter(org, efile=efile, mode="eunnat")
    gateway.answers = [503]  # the gateway is down once: retried
    app.config["QUEUE_RETRY_SECONDS"] = 0
    run_jobs()
    run_jobs()
    rows = [d for d in dispatch.deliveries if d.channel == "callback"]
    assert len(rows) == 1 and rows[0].address == "eunnat"
    queue.huey.storage.flush_schedule()
    queue.sweep(grace_seconds=0)
    run_jobs()
    assert [valid for valid, _body in gateway.received] == [True, True]
    payload = gateway.received[-1][1]
    assert payload["external_ref"] == "EUN-2026-000042"
    assert payload["dispatch_no"] == dispatch.dispatch_no
    assert base64.b64decode(payload["pdf"]) == dispatch.document.pdf
    assert payload["pdf_sha256"] == hashlib.sha256(dispatch.document.pdf).hexdigest()
    state = delivery.status(rows[0])
    assert state["state"] == "sent" and state["retries"] == 1


def test_a_callback_with_a_wrong_secret_is_refused_and_shown_failed(app, org, gateway, tmp_path):
    unsigned_office(app, tmp_path)
    app.config["CALLBACKS"]["eunnat"]["secret"] = "guessed"
    _receipt, efile = eunnat_receipt_in_file(org)
    dispatch = issue_letter(org, efile=efile, mode="eunnat")
    run_jobs()
    run_jobs()
    assert [valid for valid, _body in gateway.received] == [False]
    state = delivery.status(dispatch.deliveries[0])
    assert state["state"] == "failed" and "HTTP 401" in state["reason"]


def test_callbacks_go_only_over_https_or_to_this_machine(app):
    assert delivery.allowed_callback_url("https://eunnat.jk.gov.in/hook")
    assert delivery.allowed_callback_url("http://127.0.0.1:8080/hook")
    for url in ("http://eunnat.jk.gov.in/hook", "http://10.0.0.5/hook", "ftp://x/y", "file:///etc/passwd"):
        assert not delivery.allowed_callback_url(url)


def test_no_delivery_before_the_letter_is_signed(app, org, smtp_server, pkcs12_officer):
    dispatch = issue_letter(org, recipients="ghulam.nabi@example.in")
    run_jobs()
    assert dispatch.document.state == "awaiting_signature"
    assert dispatch.deliveries == [] and smtp_server.messages == []
    assert db.session.query(BackgroundJob).filter_by(kind="letter.deliver").count() == 0
