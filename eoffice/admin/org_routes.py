"""Organisation master: units, departments, offices and the sections inside offices."""
from functools import partial

from flask import url_for

from ..extensions import db
from ..i18n import gettext as _
from ..models import Department, Office, OrgUnit, Section
from . import forms, queries, services
from .blueprint import bp
from .lookups import describe
from .pages import actor, form_page, list_page
from .routes import lifecycle_link


@bp.get("/units")
def units():
    return list_page(_("Organisation units"), forms.UnitFilterForm(), queries.units,
                     "admin/_units.html", new=url_for("admin.unit_new"))


@bp.route("/units/new", methods=["GET", "POST"])
def unit_new():
    return form_page(forms.UnitForm(), partial(services.create_unit, actor()),
                     _("New organisation unit"), back=("admin.units", {}))


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def unit_edit(unit_id):
    unit = db.get_or_404(OrgUnit, unit_id)
    return form_page(forms.UnitEditForm(obj=unit), partial(services.update_unit, actor(), unit),
                     _("Edit %(name)s", name=describe(unit)), back=("admin.units", {}),
                     facts=[(_("Path"), unit.path)],
                     links=[(_("Units under it"), url_for("admin.units", within=unit.code)),
                            lifecycle_link("units", unit)])


@bp.get("/departments")
def departments():
    return list_page(_("Departments"), forms.FilterForm(), queries.departments,
                     "admin/_departments.html", new=url_for("admin.department_new"))


@bp.route("/departments/new", methods=["GET", "POST"])
def department_new():
    return form_page(forms.DepartmentForm(), partial(services.create_department, actor()),
                     _("New department"), back=("admin.departments", {}))


@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
def department_edit(department_id):
    department = db.get_or_404(Department, department_id)
    return form_page(forms.DepartmentEditForm(obj=department),
                     partial(services.update_department, actor(), department),
                     _("Edit %(name)s", name=describe(department)), back=("admin.departments", {}),
                     links=[(_("Offices"), url_for("admin.offices", department=department.code)),
                            lifecycle_link("departments", department)])


@bp.get("/offices")
def offices():
    return list_page(_("Offices"), forms.OfficeFilterForm(), queries.offices,
                     "admin/_offices.html", new=url_for("admin.office_new"))


@bp.route("/offices/new", methods=["GET", "POST"])
def office_new():
    return form_page(forms.OfficeForm(), partial(services.create_office, actor()),
                     _("New office"), back=("admin.offices", {}))


@bp.route("/offices/<int:office_id>", methods=["GET", "POST"])
def office_edit(office_id):
    office = db.get_or_404(Office, office_id)
    return form_page(forms.OfficeEditForm(obj=office),
                     partial(services.update_office, actor(), office),
                     _("Edit %(name)s", name=describe(office)), back=("admin.offices", {}),
                     links=[(_("Sections"), url_for("admin.sections", office_id=office.id)),
                            (_("Posts"), url_for("admin.posts", office=office.code)),
                            lifecycle_link("offices", office)])


@bp.get("/offices/<int:office_id>/sections")
def sections(office_id):
    office = db.get_or_404(Office, office_id)
    return list_page(_("Sections of %(office)s", office=office.name),
                     forms.FilterForm(), partial(queries.sections, office),
                     "admin/_sections.html",
                     new=url_for("admin.section_new", office_id=office.id))


@bp.route("/offices/<int:office_id>/sections/new", methods=["GET", "POST"])
def section_new(office_id):
    office = db.get_or_404(Office, office_id)
    return form_page(forms.SectionForm(), partial(services.create_section, actor(), office),
                     _("New section in %(office)s", office=office.name),
                     back=("admin.sections", {"office_id": office.id}))


@bp.route("/sections/<int:section_id>", methods=["GET", "POST"])
def section_edit(section_id):
    section = db.get_or_404(Section, section_id)
    return form_page(forms.SectionEditForm(obj=section),
                     partial(services.update_section, actor(), section),
                     _("Edit %(name)s", name=describe(section)),
                     back=("admin.sections", {"office_id": section.office_id}),
                     links=[lifecycle_link("sections", section)])
