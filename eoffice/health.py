"""/healthz: database state (and whether this process has the database's keys) as JSON,
for IT staff's monitoring."""
from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .integrity import keys

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except SQLAlchemyError as error:
        db.session.rollback()
        return jsonify(status="error", database="unavailable",
                       detail=type(error).__name__), 503
    problems = keys.key_problems()
    db.session.rollback()
    if problems:  # this process's keys are not the ones the records were sealed with
        return jsonify(status="error", database="ok", keys="differ", detail=problems), 503
    return jsonify(status="ok", database="ok", dialect=db.engine.dialect.name, keys="ok")
