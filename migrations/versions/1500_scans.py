"""scans: the words read from stored attachments, once per content hash, page by page

Revision ID: 1500_scans
Revises: 1100_movement_remark_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "1500_scans"
down_revision = "1200_no_back_doors"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("searchable_sha256", sa.String(length=64), nullable=True),
        sa.Column("cpu_seconds", sa.Float(), nullable=True),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_index("ix_scan_status", "scan", ["status"])
    op.create_table(
        "scan_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["scan_id"], ["scan.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scan_id", "page_no"),
    )


def downgrade():
    op.drop_table("scan_page")
    op.drop_index("ix_scan_status", table_name="scan")
    op.drop_table("scan")
