"""An office is a department's presence at an org unit; sections sit inside it."""
from ..extensions import db
from .naming import translated_name

DEFAULT_FILE_PATTERN = "{office}/{dept}-{section}/{head}/{serial}/{year}"
FILE_NUMBER_PLACEHOLDERS = ("dept", "office", "section", "head", "serial", "year")


class Office(db.Model):
    __tablename__ = "office"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(32), unique=True, nullable=False)
    name, name_hi, name_ur = translated_name(200)
    department_id = db.Column(db.ForeignKey("department.id"), nullable=False, index=True)
    org_unit_id = db.Column(db.ForeignKey("org_unit.id"), nullable=False, index=True)
    file_number_pattern = db.Column(db.String(120), nullable=False, default=DEFAULT_FILE_PATTERN)
    active = db.Column(db.Boolean, nullable=False, default=True)

    department = db.relationship("Department")
    org_unit = db.relationship("OrgUnit")
    sections = db.relationship("Section", back_populates="office", order_by="Section.code")

    def __repr__(self):
        return f"<Office {self.code}>"


class Section(db.Model):
    __tablename__ = "section"
    __table_args__ = (db.UniqueConstraint("office_id", "code"),)
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), nullable=False, index=True)
    code = db.Column(db.String(32), nullable=False)
    name = db.Column(db.String(160), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)

    office = db.relationship("Office", back_populates="sections")

    def __repr__(self):
        return f"<Section {self.code}>"
