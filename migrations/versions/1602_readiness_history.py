"""readiness history: every report of an office's IT readiness is kept

A month's report shows each office's readiness as it stood at the end of that month
(its last report made by then). The latest figures stay in office_readiness; each of
them becomes the first entry of its office's history.

Revision ID: 1602_readiness_history
Revises: 1601_names_in_hindi_and_urdu
"""
import sqlalchemy as sa
from alembic import op

revision = "1602_readiness_history"
down_revision = "1601_names_in_hindi_and_urdu"
branch_labels = None
depends_on = None

MEASURES = "computers, scanners, bandwidth_mbps, vpn_accounts, signing_tokens, staff_trained"


def upgrade():
    op.create_table(
        "readiness_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("computers", sa.Integer(), nullable=False),
        sa.Column("scanners", sa.Integer(), nullable=False),
        sa.Column("bandwidth_mbps", sa.Float(), nullable=False),
        sa.Column("vpn_accounts", sa.Integer(), nullable=False),
        sa.Column("signing_tokens", sa.Integer(), nullable=False),
        sa.Column("staff_trained", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_readiness_report_office_id_office")),
        sa.ForeignKeyConstraint(["reported_by_id"], ["user_account.id"],
                                name=op.f("fk_readiness_report_reported_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_report")),
    )
    op.create_index("ix_readiness_report_office_at", "readiness_report",
                    ["office_id", "reported_at"])
    op.execute(f"INSERT INTO readiness_report (office_id, {MEASURES}, reported_at, "
               f"reported_by_id) SELECT office_id, {MEASURES}, updated_at, updated_by_id "
               "FROM office_readiness")


def downgrade():
    op.drop_index("ix_readiness_report_office_at", table_name="readiness_report")
    op.drop_table("readiness_report")
