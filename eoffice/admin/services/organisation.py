"""The organisation master: units, departments, offices, sections and posts."""
import string

from sqlalchemy import select

from ... import names
from ...extensions import db
from ...i18n import gettext as _
from ...models import Department, Office, OrgUnit, Post, Section
from ...models.office import FILE_NUMBER_PLACEHOLDERS
from ...models.org import CHILD_KINDS
from ...models.post import OVERSIGHT_SCOPES
from .. import labels
from ..lookups import describe
from .records import (
    add_new,
    admin_only,
    apply_changes,
    check_active,
    check_code,
    check_unique,
    fail,
    record_update,
)


def local_names(model, values):
    """The Hindi and Urdu names given beside the English one: known fields only, trimmed,
    an empty one is no name (English shows), and no longer than the English may be."""
    allowed = names.translated_fields(model)
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"not a translated name of {model.__name__}: {sorted(unknown)}")
    cleaned = {}
    for field in sorted(allowed):
        text = " ".join((values.get(field) or "").split()) or None
        limit = getattr(model, field).type.length
        if text and len(text) > limit:
            fail(field, _("At most %(n)d characters.", n=limit), "too_long")
        cleaned[field] = text
    return cleaned


def _check_place(kind, parent, children=()):
    """A unit's kind fits under its parent's kind, and its own units fit under it."""
    kind_name = labels.UNIT_KINDS.get(kind)
    if kind_name is None:
        fail("kind", _("Choose the kind of unit."))
    if parent is None and kind != "ut":
        fail("parent", _("Give the unit above this one; only the union territory has none."),
             "required")
    if parent is not None and kind not in CHILD_KINDS[parent.kind]:
        allowed = ", ".join(str(labels.UNIT_KINDS[k]) for k in CHILD_KINDS[parent.kind])
        fail("kind", _("A %(kind)s cannot sit under a %(parent)s. Allowed there: %(allowed)s.",
                       kind=kind_name, parent=labels.UNIT_KINDS[parent.kind],
                       allowed=allowed or _("nothing")), "placement")
    misfits = [child.code for child in children
               if child.active and child.kind not in CHILD_KINDS[kind]]
    if misfits:
        fail("kind", _("Units under it (%(codes)s) cannot sit under a %(kind)s.",
                       codes=", ".join(misfits), kind=kind_name), "placement")


@admin_only
def create_unit(actor, code, name, kind, parent=None, **translated):
    """A unit sits under an active parent of the kind above it; codes are unique and fixed.
    Its name may be given in Hindi and Urdu beside English (name_hi, name_ur)."""
    code = check_code(code)
    check_unique(OrgUnit, OrgUnit.code, code, "code")
    check_active(parent, "parent")
    _check_place(kind, parent)
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent,
                   path=OrgUnit.path_for(parent, code), **local_names(OrgUnit, translated))
    return add_new(actor, unit, unit.path)


@admin_only
def update_unit(actor, unit, name, kind, parent=None, **translated):
    """Renaming is free; a new kind or parent must fit the tree, and moving re-paths the subtree."""
    if parent is not unit.parent:
        check_active(parent, "parent")
        if parent is not None and unit.contains(parent):
            fail("parent", _("A unit cannot move under itself or a unit below it."), "cycle")
    _check_place(kind, parent, unit.children)
    old_path, new_path = unit.path, OrgUnit.path_for(parent, unit.code)
    detail = apply_changes(unit, name=name, kind=kind, parent=parent,
                           **local_names(OrgUnit, translated))
    if new_path != old_path:
        subtree = select(OrgUnit).where(OrgUnit.path.startswith(old_path, autoescape=True))
        for member in db.session.scalars(subtree).all():
            member.path = new_path + member.path[len(old_path):]
    return record_update(actor, unit, detail)


@admin_only
def create_department(actor, code, name, **translated):
    """Department codes are unique and fixed (file numbers carry them)."""
    code = check_code(code)
    check_unique(Department, Department.code, code, "code")
    return add_new(actor, Department(code=code, name=name,
                                     **local_names(Department, translated)))


@admin_only
def update_department(actor, department, name, **translated):
    return record_update(actor, department, apply_changes(
        department, name=name, **local_names(Department, translated)))


def check_file_pattern(pattern):
    """A file-number pattern uses only the known placeholders, bare, and always {serial}."""
    try:
        parts = list(string.Formatter().parse(pattern or ""))
    except ValueError:
        fail("file_number_pattern", _("A { or } has no partner. Placeholders look like {serial}."))
    fields = [(name, ("!" + conversion if conversion else "") + (":" + spec if spec else ""))
              for _text, name, spec, conversion in parts if name is not None]
    unknown = sorted({"{%s%s}" % field for field in fields
                      if field[0] not in FILE_NUMBER_PLACEHOLDERS or field[1]})
    if unknown:
        known = " ".join("{%s}" % name for name in FILE_NUMBER_PLACEHOLDERS)
        fail("file_number_pattern", _("Unknown placeholders: %(unknown)s. Use only %(known)s.",
                                      unknown=", ".join(unknown), known=known))
    if ("serial", "") not in fields:
        fail("file_number_pattern",
             _("The pattern needs {serial}, or two files could get the same number."), "serial")


def _check_office(office, department, org_unit):
    if office is None or department is not office.department:
        check_active(department, "department")
    if office is None or org_unit is not office.org_unit:
        check_active(org_unit, "org_unit")


@admin_only
def create_office(actor, code, name, department, org_unit, file_number_pattern, **translated):
    """An office belongs to an active department at an active unit; its file numbers follow a
    valid pattern."""
    code = check_code(code)
    check_unique(Office, Office.code, code, "code")
    _check_office(None, department, org_unit)
    check_file_pattern(file_number_pattern)
    return add_new(actor, Office(code=code, name=name, department=department, org_unit=org_unit,
                                 file_number_pattern=file_number_pattern,
                                 **local_names(Office, translated)))


@admin_only
def update_office(actor, office, name, department, org_unit, file_number_pattern,
                  **translated):
    _check_office(office, department, org_unit)
    check_file_pattern(file_number_pattern)
    detail = apply_changes(office, name=name, department=department, org_unit=org_unit,
                           file_number_pattern=file_number_pattern,
                           **local_names(Office, translated))
    return record_update(actor, office, detail)


@admin_only
def create_section(actor, office, code, name):
    """A section's code is unique within its active office and fixed."""
    code = check_code(code)
    check_active(office, "office")
    if any(section.code == code for section in office.sections):
        fail("code", _("%(value)s is already in use.", value=code), "taken")
    return add_new(actor, Section(office=office, code=code, name=name))


@admin_only
def update_section(actor, section, name):
    return record_update(actor, section, apply_changes(section, name=name))


def _check_post(post, office, section, reports_to, oversight="none"):
    """The office and section are active and belong together; the chain of command has no
    loop; a post oversees a district only from an office at a district."""
    if oversight not in OVERSIGHT_SCOPES:
        fail("oversight", _("Choose what this post oversees from the list."))
    if oversight == "district" and office.org_unit.kind != "district":
        fail("oversight", _("Only a post in an office at a district oversees a district."),
             "not_a_district")
    if post is None or office is not post.office:
        check_active(office, "office")
    if section is not None:
        if section.office is not office:
            fail("section", _("This section belongs to another office."))
        if post is None or section is not post.section:
            check_active(section, "section")
    if reports_to is None:
        return
    if post is None or reports_to is not post.reports_to:
        check_active(reports_to, "reports_to")
    boss, seen = reports_to, set()
    while boss is not None and boss.id not in seen:
        if boss is post:
            fail("reports_to", _("That would be a loop: %(boss)s reports, directly or through "
                                 "others, to %(post)s.", boss=reports_to.label, post=post.label),
                 "cycle")
        seen.add(boss.id)
        boss = boss.reports_to


@admin_only
def create_post(actor, office, designation, label, section=None, reports_to=None,
                can_approve=False, oversight="none", **translated):
    """A post sits in an active office (and maybe one of its sections) and may report to
    another; a post that approves letters for issue, or oversees, says so."""
    _check_post(None, office, section, reports_to, oversight)
    post = Post(office=office, section=section, designation=designation, label=label,
                reports_to=reports_to, can_approve=can_approve, oversight=oversight,
                **local_names(Post, translated))
    return add_new(actor, post, detail=f"{describe(post)}; can_approve: {can_approve}; "
                                       f"oversight: {oversight}")


@admin_only
def update_post(actor, post, office, designation, label, section=None, reports_to=None,
                can_approve=False, oversight="none", **translated):
    """As for a new post, and the reports-to chain may not come back to this post."""
    _check_post(post, office, section, reports_to, oversight)
    detail = apply_changes(post, office=office, section=section, designation=designation,
                           label=label, reports_to=reports_to, can_approve=can_approve,
                           oversight=oversight, **local_names(Post, translated))
    return record_update(actor, post, detail)
