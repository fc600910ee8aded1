"""pending counts per post: the pendency page's totals, kept with every item change

Counted here from the items once; from then on every change of an item's holder,
sender or status keeps them (eoffice/inbox/pending.py).

Revision ID: 1000_pending_counts
Revises: 0900_note_triggers
"""
import sqlalchemy as sa
from alembic import op

revision = "1000_pending_counts"
down_revision = "0900_note_triggers"
branch_labels = None
depends_on = None

# the rule of eoffice/inbox/pending.py when this migration was written
COUNTS = {
    "with_me": ("holder_post_id",
                "holder_post_id IS NOT NULL AND status IN ('active', 'parked')"),
    "with_others": ("sent_by_post_id",
                    "sent_by_post_id IS NOT NULL AND holder_post_id IS NOT NULL "
                    "AND holder_post_id <> sent_by_post_id AND status = 'active'"),
}


def upgrade():
    op.create_table(
        "pending_count",
        sa.Column("list", sa.String(length=16), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_pending_count_post_id_post")),
        sa.PrimaryKeyConstraint("list", "post_id", "kind", name=op.f("pk_pending_count")),
    )
    for table, kind in (("efile", "file"), ("receipt", "receipt")):
        for name, (post, where) in COUNTS.items():
            op.execute(f"INSERT INTO pending_count (list, post_id, kind, items) "
                       f"SELECT '{name}', {post}, '{kind}', COUNT(*) FROM {table} "
                       f"WHERE {where} GROUP BY {post}")


def downgrade():
    op.drop_table("pending_count")
