"""Plain rows made into the ORM's own objects, without the ORM's loading machinery.

Selecting a model through the ORM sets up a loading context and a row processor per
entity on every execution, which for a joined load (the session row with its user,
roles, holdings and posts) cost more than SQLite took to find them. Here a Core statement
selects the model's table columns and each row is made into an object as the ORM makes a
freshly loaded one: keyed, in the session's identity map, every column set and nothing
changed; its relationships load lazily as before, so callers cannot tell the difference
(and may change it or assign it to relationships). An object the session already holds
is kept and only what it has not loaded is filled in, as an ORM query does without
`populate_existing`. Only for models mapped to one table with all its columns. (A
plain one-entity select gains little: the ORM's cost is in joined loads.)
"""
from sqlalchemy import bindparam, select
from sqlalchemy.orm import attributes


class Shape:
    """Where a model's columns sit in a statement's rows, and their attribute names."""

    def __init__(self, model, start=0):
        mapper = model.__mapper__
        self.mapper = mapper
        self.columns = list(model.__table__.columns)
        self.keys = [mapper.get_property_by_column(column).key for column in self.columns]
        self.start, self.end = start, start + len(self.columns)
        self.identity = [start + self.columns.index(column) for column in mapper.primary_key]

    def take(self, session, row, refresh=False):
        """The object a row names (None for an outer join's missing row): the session's
        own if it holds it, else a new persistent one. `session` is a Session, not the
        scoped proxy. With `refresh`, a held object's columns are all set from the row,
        as `populate_existing` sets them."""
        identity = tuple(row[i] for i in self.identity)
        if identity[0] is None:
            return None
        key = self.mapper.identity_key_from_primary_key(identity)
        held = session.identity_map.get(key)
        values = row[self.start:self.end]
        if held is not None:
            state = attributes.instance_state(held)
            for name, value in zip(self.keys, values):
                if refresh or name not in state.dict:
                    attributes.set_committed_value(held, name, value)
            return held
        # as the ORM's loading makes a new instance (sqlalchemy.orm.loading._instance):
        # keyed, in the session's identity map, its columns set, nothing changed
        made = self.mapper.class_manager.new_instance()
        state = attributes.instance_state(made)
        state.key, state.identity_token, state.session_id = key, None, session.hash_key
        session.identity_map._add_unpresent(state, key)
        made.__dict__.update(zip(self.keys, values))
        return made


def fill(obj, name, value, refresh=False):
    """A relationship the object has not loaded, set as loaded (one it has is kept,
    unless `refresh`)."""
    if refresh or name not in attributes.instance_state(obj).dict:
        attributes.set_committed_value(obj, name, value)


class JoinedLoad:
    """`select(model)` with joined loads of many-to-one paths ("holder_post",
    "holder_post.office"), as one Core statement built once whose rows are made into
    the objects, each path's relationship set as a joined load sets it (None where the
    foreign key is empty). `where` and `order_by` as for the select (the model's own
    table is not aliased); without `where`, by primary key (`get`)."""

    def __init__(self, model, *paths, where=None, order_by=()):
        root = model.__table__
        self.root, self.paths = Shape(model), []
        shapes, tables, columns, joined = {"": self.root}, {"": root}, list(root.c), root
        for path in paths:
            parent, _, name = path.rpartition(".")
            relationship = shapes[parent].mapper.relationships[name]
            target = relationship.mapper.class_
            table = tables[path] = target.__table__.alias(path.replace(".", "_"))
            ((local, remote),) = relationship.local_remote_pairs
            joined = joined.outerjoin(table, table.c[remote.key] == tables[parent].c[local.key])
            shapes[path] = Shape(target, len(columns))
            columns += [table.c[column.key] for column in target.__table__.c]
            self.paths.append((path, parent, name, shapes[path]))
        if where is None:
            ((key,),) = [[column] for column in model.__mapper__.primary_key]
            where = key == bindparam("id")
        self.statement = select(*columns).select_from(joined).where(where).order_by(*order_by)

    def _made(self, session, row, refresh):
        made = {"": self.root.take(session, row, refresh)}
        for path, parent, name, shape in self.paths:
            made[path] = shape.take(session, row, refresh)
            if made[parent] is not None:
                fill(made[parent], name, made[path], refresh)
        return made[""]

    def get(self, session, ident):
        """As `session.get(model, ident, options=[joinedload(...)])`: an object the
        session holds loaded is returned without a query."""
        session = session()  # the request's Session behind the scoped proxy
        held = session.identity_map.get(self.root.mapper.identity_key_from_primary_key((ident,)))
        if held is not None and not attributes.instance_state(held).expired_attributes:
            return held
        session.flush()  # as the ORM's autoflush before a load (nothing pending: nothing done)
        row = session.execute(self.statement, {"id": ident}).first()
        return None if row is None else self._made(session, row, False)

    def all(self, session, refresh=False, **params):
        """Every object the statement finds, in its order; with `refresh` as
        `populate_existing` reads them (what the session holds is set from the rows)."""
        session = session()
        session.flush()  # as the ORM's autoflush before a load
        return [self._made(session, row, refresh)
                for row in session.execute(self.statement, params)]
