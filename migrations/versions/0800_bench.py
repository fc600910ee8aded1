"""indexes the inbox views and pendency read at UT scale

Each view reads one post's items in time order and cuts them to a page; with these
indexes that costs the same at 10,000 items as at 1,000,000 (see bench/results).

Revision ID: 0800_bench
Revises: 0700_search
"""
from alembic import op

revision = "0800_bench"
down_revision = "0700_search"
branch_labels = None
depends_on = None

TABLES = ("efile", "receipt")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_holder")
            batch.drop_index(f"ix_{table}_created_by_post_id")
            batch.create_index(f"ix_{table}_holder",
                               ["holder_post_id", "status", "holder_since", "id"])
            batch.create_index(f"ix_{table}_holder_due", ["holder_post_id", "status", "due_on"])
            batch.create_index(f"ix_{table}_sent", ["sent_by_post_id", "status", "holder_since",
                                                    "id", "holder_post_id", "due_on"])
            batch.create_index(f"ix_{table}_created",
                               ["created_by_post_id", "holder_since", "id"])


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for name in ("holder", "holder_due", "sent", "created"):
                batch.drop_index(f"ix_{table}_{name}")
            batch.create_index(f"ix_{table}_holder", ["holder_post_id", "status", "holder_since"])
            batch.create_index(f"ix_{table}_created_by_post_id", ["created_by_post_id"])
