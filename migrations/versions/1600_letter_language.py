"""letter language: a draft letter, and the letter issued from it, speak one language

Chosen when drafting ('en', 'hi' or 'ur'); letters issued before read in English, as
they were shown to the officials who issued them.

Revision ID: 1600_letter_language
Revises: 1400_background_jobs
"""
import sqlalchemy as sa
from alembic import op

revision = "1600_letter_language"
down_revision = "1400_background_jobs"
branch_labels = None
depends_on = None

CHECK = "language IN ('en', 'hi', 'ur')"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":  # ADD COLUMN keeps its CHECK, no table copy
        op.execute("ALTER TABLE draft_letter ADD COLUMN language VARCHAR(8) DEFAULT 'en' "
                   f"NOT NULL CONSTRAINT ck_draft_letter_language CHECK ({CHECK})")
        return
    op.add_column("draft_letter", sa.Column("language", sa.String(length=8),
                                            server_default="en", nullable=False))
    op.create_check_constraint("language", "draft_letter", CHECK)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE draft_letter DROP COLUMN language")
        return
    op.drop_constraint(op.f("ck_draft_letter_language"), "draft_letter", type_="check")
    op.drop_column("draft_letter", "language")
