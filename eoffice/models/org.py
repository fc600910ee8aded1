"""The organisation tree: UT > division > district > tehsil | block > panchayat."""
from .. import vocabulary
from ..extensions import db
from .naming import translated_name

UNIT_KINDS = vocabulary.UNIT_KINDS.codes
CHILD_KINDS = {
    "ut": ("division",),
    "division": ("district",),
    "district": ("tehsil", "block"),
    "tehsil": ("panchayat",),
    "block": ("panchayat",),
    "panchayat": (),
}


class OrgUnit(db.Model):
    __tablename__ = "org_unit"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(32), unique=True, nullable=False)
    name, name_hi, name_ur = translated_name(160)
    kind = db.Column(db.String(16), nullable=False)
    parent_id = db.Column(db.ForeignKey("org_unit.id"), index=True)
    # "/JK/KMR/SGR/": a subtree is one indexed range query, path >= p AND path < upper(p).
    # Byte order ("C" collation on PostgreSQL, SQLite's default) keeps a subtree contiguous.
    path = db.Column(db.String(400).with_variant(db.String(400, collation="C"), "postgresql"),
                     nullable=False, index=True)
    active = db.Column(db.Boolean, nullable=False, default=True)

    parent = db.relationship("OrgUnit", remote_side=[id], backref="children")

    def __repr__(self):
        return f"<OrgUnit {self.path}>"

    def contains(self, other):
        return other.path.startswith(self.path)

    @property
    def depth(self):
        return self.path.count("/") - 1

    @staticmethod
    def subtree_bounds(path):
        """[low, high) holding exactly the paths that start with `path` (which ends in "/")."""
        return path, path[:-1] + chr(ord(path[-1]) + 1)

    @classmethod
    def in_subtree(cls, path):
        low, high = cls.subtree_bounds(path)
        return (cls.path >= low) & (cls.path < high)

    @staticmethod
    def path_for(parent, code):
        return (parent.path if parent else "/") + code + "/"
