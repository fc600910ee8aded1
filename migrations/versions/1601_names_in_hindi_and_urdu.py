"""names in Hindi and Urdu beside English for org units, departments, offices and posts

Empty where not (yet) entered: pages and letters then show the English name.

Revision ID: 1601_names_in_hindi_and_urdu
Revises: 1500_scans
"""
import sqlalchemy as sa
from alembic import op

revision = "1601_names_in_hindi_and_urdu"
down_revision = "1500_scans"
branch_labels = None
depends_on = None

COLUMNS = [("org_unit", "name", 160), ("department", "name", 160), ("office", "name", 200),
           ("post", "designation", 160), ("post", "label", 80)]


def upgrade():
    for table, column, length in COLUMNS:
        for language in ("hi", "ur"):
            op.add_column(table, sa.Column(f"{column}_{language}", sa.String(length=length),
                                           nullable=True))


def downgrade():
    for table, column, _length in reversed(COLUMNS):
        for language in ("ur", "hi"):
            op.drop_column(table, f"{column}_{language}")
