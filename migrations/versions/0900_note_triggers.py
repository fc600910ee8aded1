"""note triggers: final notes are append-only (drafts stay editable)

Revision ID: 0900_note_triggers
Revises: 0500_integrity
Create Date: 2026-11-27 10:00:00

"""
from alembic import op

from eoffice.integrity import triggers

# revision identifiers, used by Alembic.
revision = '0900_note_triggers'
down_revision = '0500_integrity'
branch_labels = None
depends_on = None

# as in eoffice/models/note.py when this migration was written
FINAL_ROWS = "OLD.status = 'final'"


def upgrade():
    triggers.create(op, "note", when=FINAL_ROWS)


def downgrade():
    triggers.drop(op, "note")
