from ..extensions import db


class Department(db.Model):
    __tablename__ = "department"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(16), unique=True, nullable=False)
    name = db.Column(db.String(160), nullable=False)
    name_hi = db.Column(db.String(160))  # Hindi and Urdu names: eoffice.names
    name_ur = db.Column(db.String(160))
    active = db.Column(db.Boolean, nullable=False, default=True)

    def __repr__(self):
        return f"<Department {self.code}>"
