"""The full-text index behind one interface, a backend per database dialect.

Both keep one `search_entry` row per item and the item's words in a real full-text
index: SQLite in the FTS5 table `search_fts` (rowid = entry id), PostgreSQL in the
entry's `tsv` column under a GIN index. Tokens come ready-made from `text.tokens`.

Who may see an item and its facets are keys in the same index (see documents.py), so
visibility and filters are intersections of posting lists rather than per-row checks:
`query` walks matches newest first and stops at `pool` rows, whatever the table size.
"""
from collections import defaultdict

from sqlalchemy import delete, func, select
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from ..models import SearchEntry

TABLE = SearchEntry.__table__
BATCH = 400
UPSERTS = {}  # (index class, extra columns) -> statement
MAX_POSITION, MAX_POSITIONS_PER_WORD = 16383, 256  # PostgreSQL's limits


class SearchIndex:
    insert = QUERY = NEWEST_FIRST = None

    def __init__(self, session):
        self.session = session

    @property
    def connection(self):
        return self.session.connection()

    def upsert(self, documents, new=()):
        """Add or replace the documents' entries. `new`: ids of items made in this
        transaction, which have no entry yet (nor words to forget)."""
        for start in range(0, len(documents), BATCH):
            self._upsert(documents[start:start + BATCH], new)

    def delete(self, kind, item_ids):
        if not item_ids:
            return
        ids = self.connection.execute(delete(TABLE).where(
            TABLE.c.kind == kind, TABLE.c.item_id.in_(list(item_ids))).returning(TABLE.c.id))
        self._forget([row[0] for row in ids])

    def find_number(self, key):
        """(kind, item id) of the files and receipts whose number is exactly `key`."""
        return self.connection.execute(select(TABLE.c.kind, TABLE.c.item_id).where(
            TABLE.c.number_key == key).limit(20)).all()

    def query(self, query, any_keys, all_keys=(), dated=(None, None), pool=500, sparse=False):
        """Up to `pool` (entry id, kind, item id, heading) rows, newest first, of entries
        matching `query` (text.Query; may be empty) that carry at least one of
        `any_keys` and all of `all_keys` (a tuple there: any of its keys). `sparse`:
        the keys are a few posts, whose items are few."""
        if not any_keys:
            return []
        return self._select(self.match(query, any_keys, all_keys), dated, pool)

    def _select(self, match, dated, pool, where="", order=None, **params):
        low, high = dated
        where += (" AND e.dated_on >= :low" if low else "") + \
            (" AND e.dated_on <= :high" if high else "")
        statement = sql(self.QUERY.format(where=where, order=order or self.NEWEST_FIRST))
        return self.connection.execute(statement, {
            "match": match, "low": low, "high": high, "pool": pool, **params}).all()

    def _entry_rows(self, documents):
        return [{"kind": doc.kind, "item_id": doc.item_id, "number_key": doc.number_key,
                 "dated_on": doc.dated_on, "heading": " ".join(doc.heading_words())}
                for doc in documents]

    def _upsert_entries(self, rows, extra=()):
        returned = self.connection.execute(self._upsert_statement(tuple(extra)), rows)
        return {(kind, item_id): entry_id for entry_id, kind, item_id in returned}

    @classmethod
    def _upsert_statement(cls, extra):
        """Built once per index and columns: building it cost more than running it."""
        key = (cls, extra)
        if key not in UPSERTS:
            statement = cls.insert(TABLE)
            columns = ["number_key", "dated_on", "heading", *extra]
            UPSERTS[key] = statement.on_conflict_do_update(
                index_elements=["kind", "item_id"],
                set_={name: statement.excluded[name] for name in columns},
            ).returning(TABLE.c.id, TABLE.c.kind, TABLE.c.item_id)
        return UPSERTS[key]

    def clear(self):
        self.connection.execute(delete(TABLE))


class SqliteFts5Index(SearchIndex):
    insert = staticmethod(sqlite_insert)
    QUERY = ("SELECT e.id, e.kind, e.item_id, e.heading FROM search_fts "
             "JOIN search_entry AS e ON e.id = search_fts.rowid "
             "WHERE search_fts MATCH :match{where} ORDER BY {order} LIMIT :pool")
    NEWEST_FIRST = "search_fts.rowid DESC"  # FTS5 walks its doclists that way, and stops
    # built once: a text() statement parses its parameters out of the SQL when made
    ADD_WORDS = sql("INSERT INTO search_fts(rowid, number, title, body, keys) "
                    "VALUES (:rowid, :number, :title, :body, :keys)")
    FORGET_WORDS = sql("DELETE FROM search_fts WHERE rowid = :id")

    def _upsert(self, documents, new=()):
        ids = self._upsert_entries(self._entry_rows(documents))
        self._forget([entry_id for (_kind, item_id), entry_id in ids.items()
                      if item_id not in new])
        self.connection.execute(self.ADD_WORDS, [
            {"rowid": ids[doc.kind, doc.item_id], "keys": " ".join(sorted(doc.index_keys())),
             **dict(zip(("number", "title", "body"), (" ".join(w) for w in doc.words)))}
            for doc in documents])

    def _forget(self, entry_ids):
        if entry_ids:
            self.connection.execute(self.FORGET_WORDS,
                                    [{"id": entry_id} for entry_id in entry_ids])

    @staticmethod
    def match(query, any_keys, all_keys):
        """The query and keys in FTS5's query language, every word quoted."""
        parts = []
        if query:
            phrases = [f'"{" ".join(phrase)}"' for phrase in query.phrases]
            parts.append("{number title body} : (" + " AND ".join(phrases) + ")")
        parts.append("keys : (" + " OR ".join(sorted(any_keys)) + ")")
        parts += ["keys : (" + " OR ".join(key) + ")" if isinstance(key, tuple) else f"keys : {key}"
                  for key in all_keys]
        return " AND ".join(parts)

    def clear(self):
        super().clear()
        self.connection.execute(sql("DELETE FROM search_fts"))


class PostgresIndex(SearchIndex):
    insert = staticmethod(pg_insert)
    QUERY = ("SELECT e.id, e.kind, e.item_id, e.heading FROM search_entry AS e "
             "WHERE e.tsv @@ CAST(:match AS tsquery){where} ORDER BY {order} LIMIT :pool")
    NEWEST_FIRST = "e.id DESC"
    INDEX_ONLY = "e.id + 0 DESC"  # same order, but no walk along the primary key
    RECENT = 50_000

    def query(self, query, any_keys, all_keys=(), dated=(None, None), pool=500, sparse=False):
        """Matches through the GIN index, sorted: cheap when they are few, as a few
        posts' items are. Keys that open much (oversight) go in two steps, so that no
        misjudged plan reads the whole table: the newest RECENT entries first
        (PostgreSQL may walk them newest first and stop at `pool`); only when they hold
        too few matches, the older ones through the index (now known to be sparse)."""
        if not any_keys:
            return []
        match = self.match(query, any_keys, all_keys)
        if sparse:
            return self._select(match, dated, pool, order=self.INDEX_ONLY)
        floor = (self.connection.scalar(select(func.max(TABLE.c.id))) or 0) - self.RECENT
        rows = self._select(match, dated, pool, " AND e.id > :floor", floor=floor)
        if len(rows) >= pool or floor <= 0:
            return rows
        return rows + self._select(match, dated, pool - len(rows), " AND e.id <= :floor",
                                   order=self.INDEX_ONLY, floor=floor)

    def _upsert(self, documents, new=()):
        rows = self._entry_rows(documents)
        for row, doc in zip(rows, documents):
            row["tsv"] = tsvector(doc)
        self._upsert_entries(rows, extra=("tsv",))

    def _forget(self, entry_ids):
        pass  # the words live in the entry row itself

    @staticmethod
    def match(query, any_keys, all_keys):
        """The query and keys as a tsquery literal (quoted lexemes, never re-parsed)."""
        parts = []
        for phrase in query.phrases if query else ():
            parts.append("(" + " <-> ".join(f"'{word}'" for word in phrase) + ")")
        if any_keys:
            parts.append("(" + " | ".join(f"'#{key}'" for key in sorted(any_keys)) + ")")
        parts += ["(" + " | ".join(f"'#{one}'" for one in key) + ")" if isinstance(key, tuple)
                  else f"'#{key}'" for key in all_keys]
        return " & ".join(parts)



def tsvector(doc):
    """A tsvector literal, so PostgreSQL's parser never re-cuts the words: each word with
    its positions (number, title and body apart, so no phrase runs across two of them),
    then the keys, marked with '#' so that no word can pass for one."""
    positions = defaultdict(list)
    position = 1
    for words in doc.words:
        for word in words:
            if position > MAX_POSITION:
                break
            if len(positions[word]) < MAX_POSITIONS_PER_WORD:
                positions[word].append(str(position))
            position += 1
        position += 8
    lexemes = [f"'{word}':{','.join(marks)}" for word, marks in positions.items()]
    lexemes += [f"'#{key}'" for key in sorted(doc.index_keys())]
    return " ".join(lexemes)


def get_index(session=None):
    session = session or db.session
    dialect = session.get_bind().dialect.name
    return PostgresIndex(session) if dialect == "postgresql" else SqliteFts5Index(session)
