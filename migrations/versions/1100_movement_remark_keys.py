"""movement remark keys: remarks the portal writes are shown in each reader's language

A movement keeps the key of such a remark ("put_in_file") and its values; rows written
before keep their remarks as stored (the log is append-only: nothing is rewritten).

Revision ID: 1100_movement_remark_keys
Revises: 1000_pending_counts
"""
import sqlalchemy as sa
from alembic import op

revision = "1100_movement_remark_keys"
down_revision = "1000_pending_counts"
branch_labels = None
depends_on = None


def upgrade():
    # plain ADD COLUMN (no table copy on SQLite): the append-only triggers stay in place
    op.add_column("movement", sa.Column("remark_key", sa.String(length=32), nullable=True))
    op.add_column("movement", sa.Column("remark_args", sa.JSON(), nullable=True))


def downgrade():
    op.drop_column("movement", "remark_args")
    op.drop_column("movement", "remark_key")
