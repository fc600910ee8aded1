"""seals: a keyed seal on covers, notes, movements, signatures and attachments; the keys'
fingerprints

Existing rows stay unsealed until `flask --app app eoffice reseal` seals them (once,
after checking them by the rules they were written under).

Revision ID: 1210_seals
Revises: 1602_readiness_history
Create Date: 2026-12-07 15:00:00

"""
from alembic import op
import sqlalchemy as sa

from eoffice.integrity import triggers

# revision identifiers, used by Alembic.
revision = '1210_seals'
down_revision = '1602_readiness_history'
branch_labels = None
depends_on = None

SEALED = ("efile", "receipt", "note", "movement", "signature", "attachment")
# as in the models when this migration was written
PROTECTED = {
    "audit_event": (None, [("id",), ("hash",)]),
    "movement": (None, [("id",)]),
    "note": ("OLD.status = 'final'", [("id",), ("efile_id", "seq")]),
}


def upgrade():
    # plain ADD COLUMN (no batch copy of the table), so the append-only triggers stay
    for table in SEALED:
        op.add_column(table, sa.Column('seal', sa.String(length=64), nullable=True))
    op.create_table('key_fingerprint',
                    sa.Column('name', sa.String(length=32), nullable=False),
                    sa.Column('fingerprint', sa.String(length=64), nullable=False),
                    sa.Column('recorded_at', sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('name'))
    triggers.create(op, "key_fingerprint", keys=[("name",)])
    for table, (when, keys) in PROTECTED.items():  # as they were: ADD COLUMN keeps them
        triggers.create(op, table, when=when, keys=keys)


def downgrade():
    triggers.drop(op, "key_fingerprint")
    op.drop_table('key_fingerprint')
    for table in SEALED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('seal')
    for table, (when, keys) in PROTECTED.items():  # a batch copy drops a table's triggers
        triggers.create(op, table, when=when, keys=keys)
