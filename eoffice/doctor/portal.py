"""The portal's own state, asked the way /healthz asks it (eoffice.readiness), and the
settings a production server needs (eoffice.production, the rate-limit store)."""
import os

from flask import current_app
from limits.storage import storage_from_string

from ..production import production_problems
from ..readiness import readiness
from .findings import doctor_check, fine, problem

# What to do when a readiness check fails; a check's own detail says what it found.
READINESS_ADVICE = {
    "database": "check DATABASE_URL in /etc/eoffice.env and that the database runs "
                "(systemctl status postgresql)",
    "migrations": "then systemctl restart eoffice eoffice-worker",
    "attachments": "chown -R eoffice: the instance folder, or free disk space",
    "keys": "copy SECRET_KEY and EOFFICE_AUDIT_KEY from another host's /etc/eoffice.env "
            "(README, \"Several gunicorn hosts\")",
}


@doctor_check
def ready_to_serve():
    findings = []
    for check in readiness():
        if check.ok:
            findings.append(fine(check.name, check.detail))
        else:
            findings.append(problem(check.name, check.detail, READINESS_ADVICE.get(
                check.name, "see README, \"Deploying on one server\"")))
    return findings


@doctor_check
def production_settings():
    config = current_app.config
    if config.get("ENVIRONMENT") != "production":
        return problem("production settings", f"EOFFICE_ENV is {config.get('ENVIRONMENT')!r}: "
                       "missing keys or database settings are made up without a word",
                       "set EOFFICE_ENV=production in /etc/eoffice.env (deploy/eoffice.env does)")
    found = production_problems(config)
    if found:
        return [problem("production settings", line, "set it in /etc/eoffice.env") for line in found]
    return fine("production settings", "EOFFICE_ENV=production with keys, database and secure "
                "cookies given")


def gunicorn_workers():
    """As deploy/gunicorn.conf.py counts them."""
    return int(os.environ.get("EOFFICE_WORKERS") or os.cpu_count() or 1)


@doctor_check
def rate_limit_storage():
    uri = current_app.config["RATELIMIT_STORAGE_URI"]
    workers = gunicorn_workers()
    if uri.startswith("memory://"):
        if workers > 1:
            return problem("rate-limit storage", f"EOFFICE_RATELIMIT_STORAGE=memory:// with "
                           f"{workers} gunicorn workers: each counts sign-in attempts on its own, "
                           f"so {workers} times the limit gets through",
                           "run Redis (apt-get install redis-server) and set "
                           "EOFFICE_RATELIMIT_STORAGE=redis://127.0.0.1:6379")
        return fine("rate-limit storage", "memory:// with one gunicorn worker")
    try:
        reachable = storage_from_string(uri).check()
    except Exception:  # each storage's client raises its own errors (redis, memcached)
        reachable = False
    if not reachable:
        return problem("rate-limit storage", f"{uri} does not answer",
                       "start it (systemctl status redis-server) or correct "
                       "EOFFICE_RATELIMIT_STORAGE")
    return fine("rate-limit storage", f"{uri}, shared by all {workers} workers")
