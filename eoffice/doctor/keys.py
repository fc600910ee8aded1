"""Are the keys this process runs with the ones the database was written with? (The
check itself: eoffice.integrity.keys.key_problems, also behind /healthz and start-up.)"""
from ..integrity.keys import key_problems
from .findings import doctor_check, fine, problem


@doctor_check
def keys_match_the_database():
    found = key_problems()
    if not found:
        return fine("audit key", "both keys set; the audit log's newest event verifies with "
                    "EOFFICE_AUDIT_KEY")
    return [problem("audit key", line, "put the keys every host shares (the sealed envelope) into "
                    "/etc/eoffice.env; never make new ones for a database that has events")
            for line in found]
