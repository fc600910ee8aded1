"""integrity: append-only audit and movement tables; audit index by object; TOTP

Revision ID: 0500_integrity
Revises: 0002
Create Date: 2026-11-26 14:00:00

"""
from alembic import op
import sqlalchemy as sa

from eoffice.integrity import triggers

# revision identifiers, used by Alembic.
revision = '0500_integrity'
down_revision = '0800_bench'
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_event", "movement")


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
    op.create_index('ix_audit_event_object', 'audit_event', ['object_type', 'object_id', 'id'],
                    unique=False)
    for table in APPEND_ONLY:
        triggers.create(op, table)


def downgrade():
    for table in APPEND_ONLY:
        triggers.drop(op, table)
    op.drop_index('ix_audit_event_object', table_name='audit_event')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')
