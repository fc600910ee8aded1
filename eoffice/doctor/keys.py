"""Are the keys this process runs with the ones the database was written with? The
audit log's newest event is sealed with the audit key (eoffice.audit): a process with
another EOFFICE_AUDIT_KEY would seal events no other host can verify."""
import hmac

from flask import current_app
from sqlalchemy import select

from ..audit import _seal
from ..extensions import db
from ..models import AuditEvent
from .findings import doctor_check, fine, problem

MIN_KEY_LENGTH = 32


def key_problems():
    """One line per key that is missing, weak, or not the database's (reusable by
    /healthz and start-up checks)."""
    config, found = current_app.config, []
    for setting, name in (("SECRET_KEY", "SECRET_KEY"), ("AUDIT_KEY", "EOFFICE_AUDIT_KEY")):
        if len(config.get(setting) or "") < MIN_KEY_LENGTH:
            found.append(f"{name} is missing or shorter than {MIN_KEY_LENGTH} characters")
    newest = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    db.session.rollback()
    if newest is not None and not hmac.compare_digest(newest.hash, _seal(newest)):
        found.append(f"EOFFICE_AUDIT_KEY is not the key the audit log was sealed with (its "
                     f"newest event, {newest.id}, does not verify)")
    return found


@doctor_check
def keys_match_the_database():
    found = key_problems()
    if not found:
        return fine("audit key", "both keys set; the audit log's newest event verifies with "
                    "EOFFICE_AUDIT_KEY")
    return [problem("audit key", line, "put the keys every host shares (the sealed envelope) into "
                    "/etc/eoffice.env; never make new ones for a database that has events")
            for line in found]
