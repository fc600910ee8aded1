"""letter documents: an issued letter's PDF (rendered, signed, verified) and its deliveries

Revision ID: 1401_letter_documents
Revises: 1210_seals
"""
import sqlalchemy as sa
from alembic import op

revision = "1401_letter_documents"
down_revision = "1210_seals"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "letter_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("verify_code", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("signing_method", sa.String(length=16), nullable=True),
        sa.Column("rendered_pdf", sa.LargeBinary(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("certificate_subject", sa.String(length=500), nullable=True),
        sa.Column("certificate_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["dispatch_id"], ["dispatch.id"]),
        sa.ForeignKeyConstraint(["signed_by_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dispatch_id"),
        sa.UniqueConstraint("verify_code"),
    )
    op.create_index("ix_letter_document_pdf_sha256", "letter_document", ["pdf_sha256"])
    op.create_table(
        "letter_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dispatch_id"], ["dispatch.id"]),
        sa.ForeignKeyConstraint(["receipt_id"], ["receipt.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dispatch_id", "channel", "address"),
    )
    op.create_index("ix_letter_delivery_dispatch_id", "letter_delivery", ["dispatch_id"])


def downgrade():
    op.drop_index("ix_letter_delivery_dispatch_id", table_name="letter_delivery")
    op.drop_table("letter_delivery")
    op.drop_index("ix_letter_document_pdf_sha256", table_name="letter_document")
    op.drop_table("letter_document")
