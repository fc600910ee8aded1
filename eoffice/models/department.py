from ..extensions import db
from .naming import translated_name


class Department(db.Model):
    __tablename__ = "department"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(16), unique=True, nullable=False)
    name, name_hi, name_ur = translated_name(160)
    active = db.Column(db.Boolean, nullable=False, default=True)

    def __repr__(self):
        return f"<Department {self.code}>"
