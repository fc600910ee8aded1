"""/healthz: whether this server is ready to serve, as JSON, for monitoring and load
balancers (200 when ready, 503 with the failing checks otherwise)."""
from flask import Blueprint, jsonify

from .readiness import readiness

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    checks = readiness()
    database = checks[0]
    ready = all(check.ok for check in checks)
    body = {"status": "ok" if ready else "not_ready",
            "database": "ok" if database.ok else "unavailable",
            "checks": {check.name: check.as_json() for check in checks}}
    if database.ok:
        body["dialect"] = database.detail
    return jsonify(body), 200 if ready else 503
