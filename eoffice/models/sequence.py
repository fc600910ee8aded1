"""Per-office counters for diary, file and dispatch numbers."""
from ..extensions import db


class Counter(db.Model):
    __tablename__ = "counter"
    __table_args__ = (db.UniqueConstraint("office_id", "kind", "scope"),)
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), nullable=False)
    kind = db.Column(db.String(16), nullable=False)  # diary, file, dispatch
    scope = db.Column(db.String(120), nullable=False)  # e.g. "2026" or "EST-12/2026"
    value = db.Column(db.Integer, nullable=False, default=0)
