"""post oversight: read-only oversight comes from the post, not from the person

A post oversees nothing, its district, or the whole UT, whoever holds it. Until now a
district head's scope came from every district-level post they held and UT oversight
from the role alone. Existing posts get the scope their regular holders had: a
district-level post held by a district head oversees its district, a post held by a
UT-oversight user the UT. Posts held only by additional charge or delegation, and
other posts of a district head, oversee nothing.

Revision ID: 1730_post_oversight
Revises: 1750_letters_rendered_later
"""
import sqlalchemy as sa
from alembic import op

revision = "1730_post_oversight"
down_revision = "1750_letters_rendered_later"
branch_labels = None
depends_on = None

CHECK = "oversight IN ('none', 'district', 'ut')"
# posts held today, by regular posting, by a user with the role
HELD_BY = ("SELECT post_holding.post_id FROM post_holding "
           "JOIN user_role ON user_role.user_id = post_holding.user_id "
           "WHERE post_holding.kind = 'regular' AND user_role.role = '{role}' "
           "AND post_holding.starts_on <= CURRENT_DATE "
           "AND (post_holding.ends_on IS NULL OR post_holding.ends_on >= CURRENT_DATE)")
AT_A_DISTRICT = ("SELECT post.id FROM post JOIN office ON office.id = post.office_id "
                 "JOIN org_unit ON org_unit.id = office.org_unit_id "
                 "WHERE org_unit.kind = 'district'")


def upgrade():
    if op.get_bind().dialect.name == "sqlite":  # ADD COLUMN keeps its CHECK, no table copy
        op.execute("ALTER TABLE post ADD COLUMN oversight VARCHAR(8) DEFAULT 'none' "
                   f"NOT NULL CONSTRAINT ck_post_oversight CHECK ({CHECK})")
    else:
        op.add_column("post", sa.Column("oversight", sa.String(length=8),
                                        server_default="none", nullable=False))
        op.create_check_constraint("oversight", "post", CHECK)
    op.execute(f"UPDATE post SET oversight = 'district' WHERE id IN "
               f"({HELD_BY.format(role='district_head')}) AND id IN ({AT_A_DISTRICT})")
    op.execute(f"UPDATE post SET oversight = 'ut' WHERE id IN "
               f"({HELD_BY.format(role='ut_oversight')})")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE post DROP COLUMN oversight")
        return
    op.drop_constraint(op.f("ck_post_oversight"), "post", type_="check")
    op.drop_column("post", "oversight")
