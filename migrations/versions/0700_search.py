"""search index: search_entry, with FTS5 (SQLite) or a tsvector GIN index (PostgreSQL)

Revision ID: 0700_search
Revises: 0002
Create Date: 2026-11-28 10:00:00

After upgrading a database that already holds files and receipts, fill the index once:
`flask --app app eoffice reindex`.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0700_search'
down_revision = '0400_dashboards'
branch_labels = None
depends_on = None

FTS5_CREATE = ("CREATE VIRTUAL TABLE search_fts USING fts5("
               "number, title, body, keys, tokenize='ascii')")


def upgrade():
    op.create_table('search_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('number_key', sa.String(length=160), nullable=True),
    sa.Column('dated_on', sa.Date(), nullable=True),
    sa.Column('heading', sa.Text(), nullable=False),
    sa.Column('tsv', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('kind', 'item_id', name=op.f('uq_search_entry_kind'))
    )
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entry_number_key'), ['number_key'],
                              unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_search_entry_tsv', 'search_entry', ['tsv'], unique=False,
                        postgresql_using='gin')
    else:
        op.execute(FTS5_CREATE)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_search_entry_tsv', table_name='search_entry', postgresql_using='gin')
    else:
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entry_number_key'))

    op.drop_table('search_entry')
