"""One row per searchable item (file, receipt, final note): the anchor of the search index.

PostgreSQL keeps the item's words in `tsv`, under a GIN index. SQLite keeps them in the
FTS5 table `search_fts` (rowid = search_entry.id), created and dropped with this table;
`tsv` stays empty there. Alembic cannot describe a virtual table, so the migration makes
it by hand and `UNMANAGED_TABLES` tells the model comparison to look past it.
"""
from sqlalchemy import DDL, event
from sqlalchemy.dialects.postgresql import TSVECTOR

from ..extensions import db

FTS5_CREATE = ("CREATE VIRTUAL TABLE search_fts USING fts5("
               "number, title, body, keys, tokenize='ascii')")
FTS5_DROP = "DROP TABLE IF EXISTS search_fts"
UNMANAGED_TABLES = ("search_fts", "search_fts_data", "search_fts_idx", "search_fts_content",
                    "search_fts_docsize", "search_fts_config")


class SearchEntry(db.Model):
    __tablename__ = "search_entry"
    __table_args__ = (
        db.UniqueConstraint("kind", "item_id"),
        db.Index("ix_search_entry_tsv", "tsv", postgresql_using="gin").ddl_if(dialect="postgresql"),
    )
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(16), nullable=False)
    item_id = db.Column(db.Integer, nullable=False)
    number_key = db.Column(db.String(160), index=True)  # exact file or diary number jumps
    dated_on = db.Column(db.Date)  # for the date-range filter
    heading = db.Column(db.Text, nullable=False, default="")  # number and title words, to rank
    tsv = db.Column(db.Text().with_variant(TSVECTOR(), "postgresql"))


event.listen(SearchEntry.__table__, "after_create", DDL(FTS5_CREATE).execute_if(dialect="sqlite"))
event.listen(SearchEntry.__table__, "before_drop", DDL(FTS5_DROP).execute_if(dialect="sqlite"))
