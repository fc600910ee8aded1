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

    def take(self, session, row):
        """The object a row names (None for an outer join's missing row): the session's
        own if it holds it, else a new persistent one. `session` is a Session, not the
        scoped proxy."""
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
