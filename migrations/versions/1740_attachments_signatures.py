"""attachment and signature rows are append-only, as the audit log and movements are

The portal only ever inserts them (an upload, a copy's attachments, a signature); OCR
and previews keep what they read from the bytes elsewhere (scan, scan_page, the preview
cache). Until now a deleted attachment or signature row was found only against the
anchors; from here the database refuses UPDATE, DELETE, SQLite REPLACE and upserts onto
them, and PostgreSQL TRUNCATE.

Revision ID: 1740_attachments_signatures
Revises: 1731_recount_kept_figures
"""
from alembic import op

from eoffice.integrity import triggers

revision = "1740_attachments_signatures"
down_revision = "1731_recount_kept_figures"
branch_labels = None
depends_on = None

# as in the models when this migration was written: the unique keys a REPLACE could
# collide on
PROTECTED = {"attachment": [("id",)], "signature": [("id",)]}


def upgrade():
    for table, keys in PROTECTED.items():
        triggers.create(op, table, keys=keys)


def downgrade():
    for table in PROTECTED:
        triggers.drop(op, table)
