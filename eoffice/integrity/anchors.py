"""Anchors: the audit chain's head (last event id and its seal) written outside the
database, so that cutting events off the end of the log, which leaves a chain that
verifies, is still found: `verify` compares the log with the latest anchor.

An anchor is one JSON line, itself sealed with the audit key, appended to the anchor log
(EOFFICE_ANCHOR_LOG, default instance/anchors.log): by the portal after every commit
that takes the log past a multiple of EOFFICE_ANCHOR_EVERY events, by every backup
(and in its manifest), by a restore, and by `flask eoffice anchor` (which also prints
the line, for a timer that ships it off the server). EOFFICE_ANCHOR_SYSLOG=1 sends each
line to syslog too. Anchors prove something only where the database's insiders cannot
rewrite them: IT ships the log off the server and verifies against that copy
(`eoffice verify --anchors FILE`).
"""
import hashlib
import hmac
import json
import logging
import os
from logging.handlers import SYSLOG_UDP_PORT, SysLogHandler

from flask import current_app, has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from ..audit import ANCHOR_SPAN
from ..clock import utcnow
from ..extensions import db
from ..models import AuditEvent

MANIFEST = "manifest.json"  # a backup folder's, whose anchor `read` takes too


def anchor_log_path():
    return current_app.config.get("ANCHOR_LOG") or os.path.join(current_app.instance_path,
                                                                "anchors.log")


def mac(fields, domain=b"anchor"):
    """HMAC with the audit key over JSON fields (an anchor's, a backup manifest's)."""
    key = current_app.config["AUDIT_KEY"].encode()
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, domain + b"|" + text.encode(), hashlib.sha256).hexdigest()


def seal_json(fields, domain=b"anchor"):
    return {**fields, "seal": mac(fields, domain)}


def is_sealed(data, domain=b"anchor"):
    fields = {name: value for name, value in data.items() if name != "seal"}
    return isinstance(data.get("seal"), str) and hmac.compare_digest(data["seal"],
                                                                     mac(fields, domain))


def make_anchor(audit_id, audit_hash, reason):
    return seal_json({"at": utcnow().isoformat() + "Z", "audit_id": audit_id,
                      "audit_hash": audit_hash, "reason": reason})


def head():
    """(id, hash) of the last audit event, or (0, None) for an empty log."""
    row = db.session.execute(select(AuditEvent.id, AuditEvent.hash)
                             .order_by(AuditEvent.id.desc()).limit(1)).first()
    return (row.id, row.hash) if row else (0, None)


def append(anchor, path=None):
    """One line, appended and fsynced (O_APPEND: lines of several processes never mix)."""
    path = path or anchor_log_path()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    line = json.dumps(anchor, sort_keys=True) + "\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, line.encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if current_app.config.get("ANCHOR_SYSLOG"):
        to_syslog(line.strip())
    return line.strip()


class _NoticeHandler(SysLogHandler):
    def mapPriority(self, levelName):  # noqa: N802 - logging's name
        return "notice"


def syslog_address():
    """EOFFICE_ANCHOR_SYSLOG_ADDRESS: a socket path (default /dev/log, the local daemon)
    or host:port, sent by UDP straight to the central log host."""
    address = current_app.config.get("ANCHOR_SYSLOG_ADDRESS") or "/dev/log"
    if address.startswith("/"):
        return address
    host, _colon, port = address.rpartition(":")
    return (host or address, int(port) if host else SYSLOG_UDP_PORT)


def to_syslog(line):
    """The anchor line to syslog: `<85>eoffice-anchor: {...}` (facility authpriv, level
    notice), which rsyslog can forward by its tag. A syslog that cannot be reached is
    logged as an error; the line is in the anchor log all the same."""
    address = syslog_address()
    try:
        handler = _NoticeHandler(address=address, facility=SysLogHandler.LOG_AUTHPRIV)
    except OSError as error:
        current_app.logger.error("anchor not sent to syslog at %s: %s", address, error)
        return
    handler.ident = "eoffice-anchor: "
    handler.handleError = lambda _record: current_app.logger.error(
        "anchor not sent to syslog at %s", address)
    try:
        handler.emit(logging.LogRecord("eoffice.anchor", logging.INFO, __file__, 0, line,
                                       None, None))
    finally:
        handler.close()


def anchor_now(reason):
    """Anchor the committed head; returns the line written."""
    audit_id, audit_hash = head()
    return append(make_anchor(audit_id, audit_hash, reason))


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    span = session.info.pop(ANCHOR_SPAN, None)
    if span is None or not has_app_context():
        return
    first, last, last_hash = span
    every = current_app.config.get("ANCHOR_EVERY", 100)
    if every and last // every > (first - 1) // every:
        try:
            append(make_anchor(last, last_hash, f"every {every} events"))
        except OSError as error:  # the commit stands; the next anchor will cover it
            current_app.logger.error("anchor not written to %s: %s", anchor_log_path(), error)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop(ANCHOR_SPAN, None)


def read(path):
    """[(line number, anchor or None)] of an anchor log, or of a backup's manifest."""
    if os.path.isdir(path):
        with open(os.path.join(path, MANIFEST)) as handle:
            anchor = json.load(handle).get("anchor")
        return [(1, anchor if isinstance(anchor, dict) else None)]
    entries = []
    with open(path) as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    entries.append((number, json.loads(line)))
                except ValueError:
                    entries.append((number, None))
    return entries


def check(path=None):
    """Problems: anchors that are not sealed, and the log against the latest sealed
    anchor (events cut off its end, or the log cut and written again from before it)."""
    path = path or anchor_log_path()
    if not os.path.exists(path):
        return []
    return compare(path, read(path))


def compare(source, entries):
    """The log against the latest sealed anchor of [(line number, anchor)] from source."""
    problems, latest = [], None
    for number, anchor in entries:
        if not isinstance(anchor, dict) or not is_sealed(anchor):
            problems.append(f"{source} line {number}: not an anchor sealed with this audit key")
        else:
            latest = anchor
    if latest is None or not latest["audit_id"]:
        return problems
    named = latest["audit_id"]
    found = db.session.scalar(select(AuditEvent.hash).where(AuditEvent.id == named))
    when = f"the anchor of {latest['at']} ({latest['reason']})"
    if found is None:
        last = db.session.scalar(select(func.max(AuditEvent.id))) or 0
        problems.append(f"audit events {last + 1}–{named} are missing: the log ends at event "
                        f"{last}, but {when} names event {named} (events were cut off the end)")
    elif not hmac.compare_digest(found, latest["audit_hash"]):
        problems.append(f"audit event {named} is not the one {when} names: the log was cut "
                        "back and written again from before it")
    return problems
