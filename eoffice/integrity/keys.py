"""Keys cannot drift between hosts: the database records a fingerprint of the audit key
and of the secret key (never the keys), and a process whose keys differ refuses to start.

A host started without the shared keys would make its own: with another audit key every
event and seal it writes fails `verify` for good (the tables are append-only), and with
another secret key its cookies and CSRF tokens fail on every other host. `key_problems()`
is the one check of the keys: create_app calls its `differing_keys` at start (recording
the fingerprints on a database that has none yet), /healthz and `eoffice doctor` call it
to say why.
"""
import hashlib
import hmac

from flask import current_app
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..audit import _seal as seal_of
from ..clock import utcnow
from ..extensions import db
from ..models import AuditEvent, KeyFingerprint

# config name -> (where IT sets it, the fingerprint's domain: the audit key's is the one
# backup manifests have always carried)
KEYS = {
    "AUDIT_KEY": ("EOFFICE_AUDIT_KEY (or instance/audit_key)", b"eoffice audit key fingerprint"),
    "SECRET_KEY": ("SECRET_KEY (or instance/secret_key)", b"eoffice secret key fingerprint"),
}


MIN_KEY_LENGTH = 32


class KeysDiffer(RuntimeError):
    """Raised at start when this process's keys are not the database's."""


def fingerprint(name, key=None):
    """Names a key without revealing it."""
    key = current_app.config[name] if key is None else key
    return hmac.new(key.encode(), KEYS[name][1], hashlib.sha256).hexdigest()[:16]


def key_problems(record=False, table_known=False):
    """One line per key of this process that is missing or weak, or differs from the one
    the database's records were sealed with, naming the variable to set; [] when all is
    well. `record`: write the fingerprints the database lacks (first start on it).
    `table_known`: the caller knows the fingerprints' table is there (no catalogue
    look-up; /healthz once the schema was seen at the newest migration)."""
    return weak_keys() + differing_keys(record, table_known)


def weak_keys():
    config = current_app.config
    return [f"{KEYS[name][0].split()[0]} is missing or shorter than {MIN_KEY_LENGTH} characters"
            for name in KEYS if len(config.get(name) or "") < MIN_KEY_LENGTH]


def differing_keys(record=False, table_known=False):
    """Keys whose fingerprint is not the database's; without a recorded audit key, the
    audit log's newest event says whether this host's key sealed it (and no fingerprint
    is recorded for a key that did not)."""
    if not table_known and not inspect(db.session.connection()).has_table(
            KeyFingerprint.__tablename__):
        return []
    recorded = dict(db.session.execute(select(KeyFingerprint.name,
                                              KeyFingerprint.fingerprint)).all())
    problems = [] if "AUDIT_KEY" in recorded else _newest_event_unsealed()
    for name, (variable, _domain) in KEYS.items():
        mine = fingerprint(name)
        if name not in recorded:
            if not record or problems:
                continue
            recorded[name] = _record(name, mine)
        if recorded[name] != mine:
            problems.append(
                f"{variable} differs from the key this database's records were sealed with "
                f"(fingerprint {recorded[name]}; this process has {mine}). Give this host "
                f"the same {variable.split()[0]} as the other hosts.")
    return problems


def _newest_event_unsealed():
    newest = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    if newest is None or hmac.compare_digest(newest.hash, seal_of(newest)):
        return []
    return [f"{KEYS['AUDIT_KEY'][0].split()[0]} is not the key the audit log was sealed with (its "
            f"newest event, {newest.id}, does not verify)"]


def _record(name, mine):
    """Write a fingerprint; if another process wrote one first, that one counts."""
    try:
        with db.session.begin_nested():
            db.session.add(KeyFingerprint(name=name, fingerprint=mine, recorded_at=utcnow()))
        db.session.commit()
        return mine
    except IntegrityError:
        db.session.rollback()
        return db.session.scalar(select(KeyFingerprint.fingerprint)
                                 .where(KeyFingerprint.name == name))


def check_at_start(app):
    """Refuse to start with keys the database does not know (KeysDiffer, naming the
    variable). A database not reachable yet, or not created yet, is /healthz's business."""
    if not app.config.get("KEY_CHECK_AT_START", True):
        return
    with app.app_context():
        try:
            problems = differing_keys(record=True)
        except SQLAlchemyError as error:
            app.logger.warning("keys not checked at start: %s", type(error).__name__)
            problems = []
        finally:
            db.session.rollback()
            db.session.remove()
    if problems:
        raise KeysDiffer("eoffice will not start: " + " ".join(problems))
