"""background jobs: the work the task queue owes, kept in the database

Revision ID: 1400_background_jobs
Revises: 1100_movement_remark_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "1400_background_jobs"
down_revision = "1100_movement_remark_keys"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "background_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("run_after", sa.DateTime(), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "key"),
    )
    op.create_index("ix_background_job_state_due", "background_job", ["state", "run_after"])


def downgrade():
    op.drop_index("ix_background_job_state_due", table_name="background_job")
    op.drop_table("background_job")
