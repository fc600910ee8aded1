"""Keys cannot drift between hosts: the database records a fingerprint of the audit key
and of the secret key (never the keys), and a process whose keys differ refuses to start.

A host started without the shared keys would make its own: with another audit key every
event and seal it writes fails `verify` for good (the tables are append-only), and with
another secret key its cookies and CSRF tokens fail on every other host. `key_problems()`
is the one check: create_app calls it at start (recording the fingerprints on a database
that has none yet), /healthz and `eoffice doctor` call it to say why.
"""
import hashlib
import hmac

from flask import current_app
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..clock import utcnow
from ..extensions import db
from ..models import KeyFingerprint

# config name -> (where IT sets it, the fingerprint's domain: the audit key's is the one
# backup manifests have always carried)
KEYS = {
    "AUDIT_KEY": ("EOFFICE_AUDIT_KEY (or instance/audit_key)", b"eoffice audit key fingerprint"),
    "SECRET_KEY": ("SECRET_KEY (or instance/secret_key)", b"eoffice secret key fingerprint"),
}


class KeysDiffer(RuntimeError):
    """Raised at start when this process's keys are not the database's."""


def fingerprint(name, key=None):
    """Names a key without revealing it."""
    key = current_app.config[name] if key is None else key
    return hmac.new(key.encode(), KEYS[name][1], hashlib.sha256).hexdigest()[:16]


def key_problems(record=False, table_known=False):
    """One line per key of this process that differs from the one the database recorded,
    naming the variable to set; [] when they agree (or the database has no table yet).
    `record`: write the fingerprints the database lacks (first start on it).
    `table_known`: the caller knows the table is there (no catalogue look-up)."""
    if not table_known and not inspect(db.session.connection()).has_table(
            KeyFingerprint.__tablename__):
        return []
    recorded = dict(db.session.execute(select(KeyFingerprint.name,
                                              KeyFingerprint.fingerprint)).all())
    problems = []
    for name, (variable, _domain) in KEYS.items():
        mine = fingerprint(name)
        if name not in recorded:
            if record:
                recorded[name] = _record(name, mine)
            else:
                continue
        if recorded[name] != mine:
            problems.append(
                f"{variable} differs from the key this database's records were sealed with "
                f"(fingerprint {recorded[name]}; this process has {mine}). Give this host "
                f"the same {variable.split()[0]} as the other hosts.")
    return problems


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
            problems = key_problems(record=True)
        except SQLAlchemyError as error:
            app.logger.warning("keys not checked at start: %s", type(error).__name__)
            problems = []
        finally:
            db.session.rollback()
            db.session.remove()
    if problems:
        raise KeysDiffer("eoffice will not start: " + " ".join(problems))
