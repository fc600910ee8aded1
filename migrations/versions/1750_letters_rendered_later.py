"""letters rendered later: a letter issued before the portal made PDFs gets one made
from its record, marked with the time it was made (never signed)

Revision ID: 1750_letters_rendered_later
Revises: 1300_access_hardening
"""
import sqlalchemy as sa
from alembic import op

revision = "1750_letters_rendered_later"
down_revision = "1300_access_hardening"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("letter_document") as batch:
        batch.add_column(sa.Column("rendered_later_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("letter_document") as batch:
        batch.drop_column("rendered_later_at")
