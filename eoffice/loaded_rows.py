"""Objects made from plain rows as the ORM makes freshly loaded ones: for the few rows
every request or write reads first, where the ORM's loading (its context and a row
processor per path, on every execution) costs many times what the database takes.

A RowShape says where one model's columns sit in a Core statement's rows; `take` gives
the object a row names: the session's own if it holds it (only what it has not loaded
filled in, as an ORM query does without `populate_existing`), else a new one, keyed and
persistent in the session, every column set and committed, its relationships loading
lazily as usual.
"""
from sqlalchemy.orm import attributes


class RowShape:
    """Where a model's columns sit in the statement's rows, and their attribute names."""

    def __init__(self, model, start):
        mapper = model.__mapper__
        self.mapper = mapper
        columns = list(model.__table__.columns)
        self.keys = [mapper.get_property_by_column(column).key for column in columns]
        self.start, self.end = start, start + len(columns)
        self.identity = [start + columns.index(column) for column in mapper.primary_key]

    def take(self, session, row):
        """The object a row names (None for an outer join's missing row): the session's
        own if it holds it, else a new persistent one."""
        identity = tuple(row[i] for i in self.identity)
        if identity[0] is None:
            return None
        key = self.mapper.identity_key_from_primary_key(identity)
        held = session.identity_map.get(key)
        values = row[self.start:self.end]
        if held is not None:
            state = attributes.instance_state(held)
            for name, value in zip(self.keys, values):
                if name not in state.dict:
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
