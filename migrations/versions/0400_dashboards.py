"""adoption dashboards: rollups, targets, open-item indexes; org_unit.path in byte order

The dashboards read a subtree as `path >= '/JK/KMR/SGR/' AND path < '/JK/KMR/SGR0'`.
That range is exactly the subtree only in byte order, which SQLite uses by default;
under a linguistic PostgreSQL collation (en_US.UTF-8) punctuation is ignored and the
range would be wrong, so the column gets the "C" collation there (and its index then
serves both the range and LIKE 'prefix%').

Revision ID: 0400_dashboards
Revises: 0002
Create Date: 2026-11-26 14:08:15.351982

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0400_dashboards'
down_revision = '0600_api'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("org_unit", "path", type_=sa.String(length=400, collation="C"),
                        existing_type=sa.String(length=400), existing_nullable=False)
    op.create_table('unit_target',
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('offices_target', sa.Integer(), nullable=True),
    sa.Column('users_target', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_unit_target_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_unit_target_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('org_unit_id', name=op.f('pk_unit_target'))
    )
    op.create_table('daily_active_user',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_daily_active_user_office_id_office')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_daily_active_user_user_id_user_account')),
    sa.PrimaryKeyConstraint('day', 'office_id', 'user_id', name=op.f('pk_daily_active_user'))
    )
    with op.batch_alter_table('daily_active_user', schema=None) as batch_op:
        batch_op.create_index('ix_daily_active_user_office_day', ['office_id', 'day', 'user_id'], unique=False)

    op.create_table('daily_office_stat',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('e_files', sa.Integer(), nullable=False),
    sa.Column('physical_files', sa.Integer(), nullable=False),
    sa.Column('e_receipts', sa.Integer(), nullable=False),
    sa.Column('physical_receipts', sa.Integer(), nullable=False),
    sa.Column('movements', sa.Integer(), nullable=False),
    sa.Column('files_closed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_daily_office_stat_office_id_office')),
    sa.PrimaryKeyConstraint('day', 'office_id', name=op.f('pk_daily_office_stat'))
    )
    with op.batch_alter_table('daily_office_stat', schema=None) as batch_op:
        batch_op.create_index('ix_daily_office_stat_office_day', ['office_id', 'day'], unique=False)

    op.create_table('weekly_active_user',
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_weekly_active_user_office_id_office')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_weekly_active_user_user_id_user_account')),
    sa.PrimaryKeyConstraint('week', 'user_id', 'office_id', name=op.f('pk_weekly_active_user'))
    )
    with op.batch_alter_table('weekly_active_user', schema=None) as batch_op:
        batch_op.create_index('ix_weekly_active_user_office_week', ['office_id', 'week', 'user_id'], unique=False)

    op.create_table('file_disposal',
    sa.Column('efile_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('disposal_days', sa.Integer(), nullable=False),
    sa.Column('levels', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['efile_id'], ['efile.id'], name=op.f('fk_file_disposal_efile_id_efile')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_file_disposal_office_id_office')),
    sa.PrimaryKeyConstraint('efile_id', name=op.f('pk_file_disposal'))
    )
    with op.batch_alter_table('file_disposal', schema=None) as batch_op:
        batch_op.create_index('ix_file_disposal_day', ['day', 'office_id', 'disposal_days', 'levels'], unique=False)
        batch_op.create_index('ix_file_disposal_office_day', ['office_id', 'day'], unique=False)

    with op.batch_alter_table('efile', schema=None) as batch_op:
        batch_op.create_index('ix_efile_open', ['holder_post_id', 'holder_since', 'due_on'], unique=False, postgresql_where=sa.text("status IN ('active', 'parked')"), sqlite_where=sa.text("status IN ('active', 'parked')"))

    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.create_index('ix_receipt_open', ['holder_post_id', 'holder_since', 'due_on'], unique=False, postgresql_where=sa.text("status IN ('active', 'parked')"), sqlite_where=sa.text("status IN ('active', 'parked')"))



def downgrade():
    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.drop_index('ix_receipt_open', postgresql_where=sa.text("status IN ('active', 'parked')"), sqlite_where=sa.text("status IN ('active', 'parked')"))

    with op.batch_alter_table('efile', schema=None) as batch_op:
        batch_op.drop_index('ix_efile_open', postgresql_where=sa.text("status IN ('active', 'parked')"), sqlite_where=sa.text("status IN ('active', 'parked')"))

    with op.batch_alter_table('file_disposal', schema=None) as batch_op:
        batch_op.drop_index('ix_file_disposal_office_day')
        batch_op.drop_index('ix_file_disposal_day')

    op.drop_table('file_disposal')
    with op.batch_alter_table('weekly_active_user', schema=None) as batch_op:
        batch_op.drop_index('ix_weekly_active_user_office_week')

    op.drop_table('weekly_active_user')
    with op.batch_alter_table('daily_office_stat', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_office_stat_office_day')

    op.drop_table('daily_office_stat')
    with op.batch_alter_table('daily_active_user', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_active_user_office_day')

    op.drop_table('daily_active_user')
    op.drop_table('unit_target')
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("org_unit", "path", type_=sa.String(length=400),
                        existing_type=sa.String(length=400, collation="C"),
                        existing_nullable=False)
