"""no back doors: append-only tables also refuse SQLite REPLACE and PostgreSQL TRUNCATE

Revision ID: 1200_no_back_doors
Revises: 1600_letter_language
Create Date: 2026-12-07 14:00:00

"""
from alembic import op

from eoffice.integrity import triggers

# revision identifiers, used by Alembic.
revision = '1200_no_back_doors'
down_revision = '1600_letter_language'
branch_labels = None
depends_on = None

# as in the models when this migration was written: each table's condition and the
# unique keys a REPLACE could collide on
PROTECTED = {
    "audit_event": (None, [("id",), ("hash",)]),
    "movement": (None, [("id",)]),
    "note": ("OLD.status = 'final'", [("id",), ("efile_id", "seq")]),
}


def upgrade():
    for table, (when, keys) in PROTECTED.items():
        triggers.create(op, table, when=when, keys=keys)


def downgrade():
    """Back to refusing UPDATE and DELETE only."""
    for table, (when, keys) in PROTECTED.items():
        triggers.drop(op, table)
        for statement in triggers.statements(op.get_bind().dialect.name, table, when, keys):
            if "_no_replace" not in statement and "_no_truncate" not in statement:
                op.execute(statement)
