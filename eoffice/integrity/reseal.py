"""`flask eoffice reseal`: seal what a database held before seals existed, once.

Run after the upgrade that brought seals (migration 1210_seals). It first checks the data
by the rules it was written under (triggers, audit chain, note chains, signatures,
movements against the audit log, attachments): a database that fails them is not sealed,
since sealing would vouch for the damage. Then, in one transaction, it seals every row
that has no seal (rows with a seal keep it), with the append-only triggers lifted for
that transaction only, records the keys' fingerprints and an audit event, and anchors the
chain. It refuses to run twice: after the first reseal, a row without a seal means
someone cleared it.
"""
from sqlalchemy import bindparam, select, text, update

from .. import audit
from ..database import lock_for_writing
from ..extensions import db
from ..models import AuditEvent
from . import anchors, keys, seals, triggers
from .checks import problems_of, run_checks

ACTION = "integrity.reseal"
BATCH = 5000


class ResealRefused(Exception):
    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


def reseal():
    """Seal every unsealed row; returns {table: rows sealed}."""
    done = db.session.scalar(select(AuditEvent.at).where(AuditEvent.action == ACTION).limit(1))
    if done is not None:
        raise ResealRefused(f"This database was resealed on {done:%Y-%m-%d %H:%M} UTC; a row "
                            "without a seal now means its seal was cleared. Run `verify`.")
    problems = problems_of(run_checks(sealing=False))
    if problems:
        raise ResealRefused("The data does not pass the checks it was written under; "
                            "nothing was sealed.", problems)
    db.session.rollback()
    lock_for_writing(db.session)
    dialect = db.engine.dialect.name
    for table in triggers.ATTACHED:
        for statement in triggers.drop_statements(dialect, table):
            db.session.execute(text(statement))
    counts = {kind: _seal_table(kind) for kind in seals.SEALED}
    for table, when in triggers.ATTACHED.items():
        for statement in triggers.statements(dialect, table, when, triggers.KEYS[table]):
            db.session.execute(text(statement))
    keys.key_problems(record=True)
    audit.record(ACTION, detail="sealed " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    db.session.commit()
    anchors.anchor_now("reseal")
    return counts


def _seal_table(kind):
    table = seals.SEALED[kind].model.__table__
    names = ["id", *seals.SEALED[kind].fields]
    count, last_id, key = 0, 0, seals.audit_key()
    while True:
        rows = db.session.execute(select(*(table.c[n] for n in names))
                                  .where(table.c.seal.is_(None), table.c.id > last_id)
                                  .order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return count
        db.session.execute(update(table).where(table.c.id == bindparam("row_id"))
                           .values(seal=bindparam("new_seal")).execution_options(
                               synchronize_session=False),
                           [{"row_id": row.id,
                             "new_seal": seals.seal_values(kind, row._mapping.get, key)}
                            for row in rows])
        count += len(rows)
        last_id = rows[-1].id
