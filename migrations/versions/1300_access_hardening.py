"""access hardening: API tokens expire, accounts set up by an IT admin change their
password at first sign-in

Tokens made before this revision expire 90 days after the upgrade (notice for the
programs using them), not at once.

Revision ID: 1300_access_hardening
Revises: 1401_letter_documents
"""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "1300_access_hardening"
down_revision = "1401_letter_documents"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("api_token", sa.Column("expires_at", sa.DateTime(), nullable=True))
    op.add_column("user_account", sa.Column("must_change_password", sa.Boolean(),
                                            server_default=sa.false(), nullable=False))
    notice = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=90)
    op.execute(sa.text("UPDATE api_token SET expires_at = :notice WHERE expires_at IS NULL")
               .bindparams(notice=notice))


def downgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("must_change_password")
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("expires_at")
