"""Delivering a final letter: by e-mail through the office's SMTP relay, and back to the
client system (e-UNNAT) that brought in the receipt it answers, as an HTTPS POST of
JSON with the PDF, signed with an HMAC of a secret shared with that client. Each copy
is a background job: retried with back-off, then failed with its reason, all shown in
the dispatch register and the API. Physical dispatch (post, hand) is recorded as before."""
import base64
import hashlib
import hmac
import ipaddress
import json
import re
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from .. import queue
from ..clock import office_day, utcnow
from ..extensions import db
from ..i18n import gettext as _
from ..models import ApiToken, LetterDelivery, Receipt
from .render import verify_url

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
SIGNATURE_HEADER = "X-Eoffice-Signature"
TIMESTAMP_HEADER = "X-Eoffice-Timestamp"


def email_addresses(dispatch):
    found = []
    for line in dispatch.recipient_list:
        for address in EMAIL_RE.findall(line):
            if address.lower() not in (a.lower() for a in found):
                found.append(address)
    return found


def callback_receipts(dispatch):
    """(receipt, client) for each receipt in the letter's file that a client system
    with a configured callback brought in."""
    clients = current_app.config.get("CALLBACKS") or {}
    if not clients:
        return []
    rows = db.session.execute(
        select(Receipt, ApiToken.client).join(ApiToken, ApiToken.user_id == Receipt.created_by_id)
        .where(Receipt.efile_id == dispatch.efile_id, ApiToken.client.in_(list(clients)))
        .order_by(Receipt.id)).all()
    seen, targets = set(), []
    for receipt, client in rows:
        if receipt.id not in seen:
            seen.add(receipt.id)
            targets.append((receipt, client))
    return targets


def plan(dispatch):
    """Owes a copy of the final letter to each e-mail address among its recipients and
    to each client system whose receipt its file answers."""
    wanted = [("email", address, None) for address in email_addresses(dispatch)]
    wanted += [("callback", client, receipt.id) for receipt, client in callback_receipts(dispatch)]
    for channel, address, receipt_id in wanted:
        row = LetterDelivery(dispatch_id=dispatch.id, channel=channel, address=address[:300],
                             receipt_id=receipt_id, created_at=utcnow())
        db.session.add(row)
        db.session.flush()
        queue.enqueue("letter.deliver", row.id, delivery_id=row.id)


def status(row):
    """queued, sent or failed, with the retries so far and the reason of a failure."""
    job = queue.find("letter.deliver", row.id)
    if job is None:
        return {"state": "queued", "retries": 0, "reason": None, "sent_at": None}
    state = {"done": "sent", "failed": "failed"}.get(job.state, "queued")
    return {"state": state, "retries": job.retries, "reason": job.last_error if state != "sent" else None,
            "sent_at": job.finished_at if state == "sent" else None}


@queue.job("letter.deliver", max_attempts=6)
def deliver_job(delivery_id):
    row = db.session.get(LetterDelivery, delivery_id)
    if row is None or row.dispatch.document is None or not row.dispatch.document.is_final:
        raise queue.GiveUp("the letter is not final")
    if row.channel == "email":
        send_email(row)
    else:
        post_callback(row)


def send_email(row):
    config = current_app.config
    if not config.get("SMTP_HOST"):
        raise queue.GiveUp("no SMTP relay is configured (EOFFICE_SMTP_HOST)")
    dispatch, document = row.dispatch, row.dispatch.document
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = row.address
    message["Subject"] = f"{dispatch.dispatch_no}: {dispatch.subject}"
    # one Message-ID per copy: a retried send is recognisable as the same mail
    message["Message-ID"] = make_msgid(f"letter-{row.id}", domain=config["MAIL_DOMAIN"])
    message.set_content(
        f"{dispatch.office.name}\n\nNo. {dispatch.dispatch_no} dated "
        f"{office_day(dispatch.issued_at).strftime('%d-%m-%Y')}\nSubject: {dispatch.subject}\n\n"
        f"The letter is attached as a PDF. Check that it is genuine at {verify_url(document)}\n"
        f"SHA-256 of the PDF: {document.pdf_sha256}\n")
    message.add_attachment(document.pdf, maintype="application", subtype="pdf",
                           filename=pdf_filename(dispatch))
    try:
        with _smtp(config) as smtp:
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        raise queue.GiveUp(f"recipient refused: {_smtp_reason(error)}") from None
    except smtplib.SMTPResponseException as error:
        if 500 <= error.smtp_code < 600:
            raise queue.GiveUp(f"relay refused: {error.smtp_code} {_decode(error.smtp_error)}") from None
        raise


def _smtp(config):
    host, port, timeout = config["SMTP_HOST"], config["SMTP_PORT"], 30
    if config.get("SMTP_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if config.get("SMTP_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
    if config.get("SMTP_USERNAME"):
        smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
    return smtp


def _decode(value):
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _smtp_reason(error):
    return "; ".join(f"{address}: {code} {_decode(text)}"
                     for address, (code, text) in error.recipients.items())


def pdf_filename(dispatch):
    return re.sub(r"[^A-Za-z0-9._-]+", "-", dispatch.dispatch_no).strip("-") + ".pdf"


def callback_payload(row):
    dispatch, document, receipt = row.dispatch, row.dispatch.document, row.receipt
    return {
        "event": "letter.issued", "delivery_id": row.id,
        "external_ref": receipt.external_ref if receipt else None,
        "diary_no": receipt.diary_no if receipt else None,
        "dispatch_no": dispatch.dispatch_no,
        "issued_on": office_day(dispatch.issued_at).isoformat(), "subject": dispatch.subject,
        "office": dispatch.office.name, "signed": document.state == "signed",
        "pdf_sha256": document.pdf_sha256, "verify_url": verify_url(document),
        "pdf": base64.b64encode(document.pdf).decode("ascii"),
    }


def signature_for(secret, timestamp, body):
    """HMAC-SHA256 over "<timestamp>.<body>", hex: what the client recomputes."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def allowed_callback_url(url):
    """HTTPS only; plain HTTP only to this machine (a gateway on loopback)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme == "http" and parts.hostname:
        try:
            return parts.hostname == "localhost" or ipaddress.ip_address(parts.hostname).is_loopback
        except ValueError:
            return False
    return False


def post_callback(row):
    client = (current_app.config.get("CALLBACKS") or {}).get(row.address)
    if not client or not client.get("url") or not client.get("secret"):
        raise queue.GiveUp(f"no callback URL and secret configured for {row.address}")
    if not allowed_callback_url(client["url"]):
        raise queue.GiveUp(f"the callback URL of {row.address} is not HTTPS")
    body = json.dumps(callback_payload(row), sort_keys=True, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(client["url"], data=body, method="POST", headers={
        "Content-Type": "application/json", TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature_for(client["secret"], timestamp, body),
        "User-Agent": "eoffice-callback/1"})
    try:
        with urllib.request.urlopen(request, timeout=30, context=ssl.create_default_context()) as answer:  # noqa: S310 - URL checked above
            answer.read(1024)
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500 and error.code not in (408, 425, 429):
            raise queue.GiveUp(f"the client refused the letter: HTTP {error.code}") from None
        raise ConnectionError(f"HTTP {error.code} from the client") from None


def summaries(dispatches):
    """For a page of the dispatch register: each letter's PDF state and how many of its
    copies are sent, queued or failed, in two queries whatever the page's length."""
    from ..models import BackgroundJob, LetterDocument

    ids = [dispatch.id for dispatch in dispatches]
    if not ids:
        return {}
    found = {dispatch_id: {"letter": state, "sent": 0, "queued": 0, "failed": 0}
             for dispatch_id, state in db.session.execute(
                 select(LetterDocument.dispatch_id, LetterDocument.state)
                 .where(LetterDocument.dispatch_id.in_(ids)))}
    rows = db.session.execute(
        select(LetterDelivery.dispatch_id, BackgroundJob.state)
        .outerjoin(BackgroundJob, (BackgroundJob.kind == "letter.deliver")
                   & (BackgroundJob.key == db.cast(LetterDelivery.id, db.String)))
        .where(LetterDelivery.dispatch_id.in_(ids))).all()
    for dispatch_id, job_state in rows:
        state = {"done": "sent", "failed": "failed"}.get(job_state, "queued")
        if dispatch_id in found:
            found[dispatch_id][state] += 1
    return found


def state_label(state):
    """A delivery's state in the reader's words."""
    return {"queued": _("queued"), "sent": _("sent"), "failed": _("failed")}.get(state, state)


def letter_state_label(state):
    """Where a letter's PDF stands, in the reader's words."""
    return {"rendering": _("PDF being made"), "awaiting_signature": _("awaits signature"),
            "signed": _("signed digitally"),
            "unsigned": _("PDF, not signed digitally")}.get(state, state)
