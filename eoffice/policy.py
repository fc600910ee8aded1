"""May this user do this to this object? One place, used by services and templates.

Who may see an item (file or receipt): the post holding it, every post on its trail,
the post that created it, and oversight roles within their org subtree (read-only).
Confidential and higher gradings are seen only by posts on the item's own trail.
A file's draft notes are read only by the post holding it; final notes by all who see it.
An API service client sees the receipts it brought in, and nothing else.
"""
import sys
from functools import lru_cache
from hashlib import blake2b

from flask import current_app, g, has_request_context
from sqlalchemy import and_, bindparam, exists, false, or_, select, union_all

from .extensions import db
from .models import EFile, Movement, Office, OrgUnit, Receipt
from .models.records import GRADINGS, RESTRICTED_GRADINGS
from .models.user import SERVICE_ROLE
from .vocabulary import ACTIVE, CLOSED, PARKED


def held_post_ids(user):
    """The posts the user holds today (regular, additional charge, delegation)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = g.setdefault("held_posts", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = frozenset(post.id for post in user.current_posts())
    return cache[user.id]


def oversight_paths(user):
    """Org-unit paths a district head or UT oversight may read within."""
    if user.has_role("ut_oversight"):
        return ("/",)
    if user.has_role("district_head"):
        return tuple(post.office.org_unit.path for post in user.current_posts())
    return ()


def item_filter(model, post_ids):
    column = Movement.efile_id if model is EFile else Movement.receipt_id
    return column, or_(Movement.from_post_id.in_(post_ids), Movement.to_post_id.in_(post_ids),
                       Movement.by_post_id.in_(post_ids))


def on_trail(user, item):
    posts = held_post_ids(user)
    if not posts:
        return False
    if item.holder_post_id in posts or item.created_by_post_id in posts:
        return True
    column, touches = item_filter(type(item), posts)
    return db.session.scalar(select(Movement.id).where(column == item.id, touches).limit(1)) is not None


def within_oversight(user, item):
    paths = oversight_paths(user)
    return bool(paths) and any(item.office.org_unit.path.startswith(p) for p in paths)


def is_service_client(user):
    return getattr(user, "is_authenticated", False) and user.has_role(SERVICE_ROLE)


def brought_in_by(user, item):
    """The service client that brought a receipt in (not the copies made of it later)."""
    return (item.kind == "receipt" and item.created_by_id == user.id
            and item.copy_of_id is None and is_service_client(user))


def can_view(user, item):
    if on_trail(user, item) or brought_in_by(user, item):
        return True
    if item.kind == "receipt" and item.efile_id and can_view(user, item.efile):
        return True
    return not item.is_restricted() and within_oversight(user, item)


def visible_filter(user, model):
    """can_view as SQL: a WHERE clause for the rows of model (EFile or Receipt) that the
    user may see, for queries that must not load and test every row."""
    posts = held_post_ids(user)
    paths = oversight_paths(user)
    conditions = []
    if posts:
        column, touches = item_filter(model, posts)
        conditions += [model.holder_post_id.in_(posts), model.created_by_post_id.in_(posts),
                       exists().where(column == model.id, touches)]
    if paths:
        open_grading = model.grading.not_in(RESTRICTED_GRADINGS)
        if "/" in paths:
            conditions.append(open_grading)
        else:
            offices = select(Office.id).join(OrgUnit, Office.org_unit_id == OrgUnit.id).where(
                or_(*(OrgUnit.path.startswith(path, autoescape=True) for path in paths)))
            conditions.append(and_(open_grading, model.office_id.in_(offices)))
    if model is Receipt:
        conditions.append(exists().where(EFile.id == model.efile_id, visible_filter(user, EFile)))
    return or_(*conditions) if conditions else false()


def post_key(post_id):
    return f"p{post_id}"


@lru_cache(maxsize=8192)
def path_key(path):
    return "o" + blake2b(path.encode(), digest_size=6).hexdigest()


def path_prefixes(path):
    """"/JK/KMR/SGR/" -> "/", "/JK/", "/JK/KMR/", "/JK/KMR/SGR/"."""
    parts = path.strip("/").split("/") if path.strip("/") else []
    return ["/"] + ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1)]


def viewer_keys(user, restricted=False):
    """can_view for the search index, user side: one key per post held and per
    org subtree overseen (restricted=True: only the keys that can open a restricted
    item, the posts). See item_keys for the other side."""
    keys = {post_key(post) for post in held_post_ids(user)}
    if not restricted:
        keys |= {path_key(path) for path in oversight_paths(user)}
    return keys


def item_keys(item, trail, unit_path):
    """can_view for the search index, item side: a key for every post on the item's
    trail (`trail`: the from/to/by posts of its movements) and, unless its grading is
    restricted, one for each org unit above its office (`unit_path`: its office's org
    unit). A user sees the item when viewer_keys and item_keys meet; receipts in a file
    add the file's keys."""
    posts = set(trail) | {item.holder_post_id, item.created_by_post_id}
    keys = {post_key(post) for post in posts if post}
    if not item.is_restricted():
        keys |= {path_key(prefix) for prefix in path_prefixes(unit_path)}
    return keys


def office_paths(office_ids):
    """{office id: its org unit's path}, in one query."""
    if not office_ids:
        return {}
    return dict(db.session.execute(select(Office.id, OrgUnit.path).join(
        OrgUnit, Office.org_unit_id == OrgUnit.id).where(Office.id.in_(office_ids))).all())


def trail_posts(model, ids, leaving_out=()):
    """Every post on the trail of each item, from the movement log, in one query
    (`leaving_out`: ids of movements not to count)."""
    trail = {item_id: set() for item_id in ids}
    if not ids:
        return trail
    parameters = {"ids": list(ids)}
    if leaving_out:
        parameters["leaving_out"] = list(leaving_out)
    for item_id, post_id in db.session.execute(_trail_statement(model, bool(leaving_out)),
                                               parameters):
        trail[item_id].add(post_id)
    return trail


@lru_cache(maxsize=None)
def _trail_statement(model, leaving_out):
    """Built once per item model (building it cost more than running it for one item)."""
    column = Movement.efile_id if model is EFile else Movement.receipt_id
    ids = bindparam("ids", expanding=True)
    counted = [Movement.id.not_in(bindparam("leaving_out", expanding=True))] if leaving_out \
        else []
    return union_all(*[select(column.label("item_id"), post.label("post_id")).where(
        column.in_(ids), post.is_not(None), *counted).distinct()
        for post in (Movement.from_post_id, Movement.to_post_id, Movement.by_post_id)])


def holds(user, item):
    return item.holder_post_id in held_post_ids(user)


def can_open(user, item):
    return holds(user, item) and item.read_at is None


def can_send(user, item):
    return holds(user, item) and item.status == ACTIVE


def can_edit_receipt(user, receipt):
    return can_send(user, receipt)


def can_park(user, item):
    return holds(user, item) and item.status == ACTIVE


def can_unpark(user, item):
    return holds(user, item) and item.status == PARKED


def can_pull_back(user, item):
    posts = held_post_ids(user)
    return (item.status == ACTIVE and item.sent_by_post_id in posts
            and item.holder_post_id not in posts and item.read_at is None)


def can_close(user, item):
    """Only the creator's post closes, and only while it holds the item."""
    return (item.status in (ACTIVE, PARKED) and holds(user, item)
            and item.created_by_post_id in held_post_ids(user))


def can_reopen(user, item):
    return item.status == CLOSED and item.created_by_post_id in held_post_ids(user)


def can_put_in_file(user, receipt, efile=None):
    if not can_send(user, receipt) or receipt.efile_id:
        return False
    return efile is None or (holds(user, efile) and efile.status == ACTIVE)


def grading_fits(receipt, efile):
    """A receipt goes only into a file graded at least as high: a confidential paper in an
    ordinary file would be read by everyone who may read the file."""
    return GRADINGS.index(receipt.grading) <= GRADINGS.index(efile.grading)


def lowest_grading_for(receipts):
    """The lowest grading of a file that is to take these receipts (grading_fits)."""
    return max((receipt.grading for receipt in receipts), key=GRADINGS.index,
               default=GRADINGS[0])


def can_write_note(user, efile):
    """The post holding an active file writes notes, drafts letters and links files."""
    return efile.kind == "file" and holds(user, efile) and efile.status == ACTIVE


def can_read_note(user, note):
    """A final note is part of the record: whoever may see the file reads it. A draft is
    the desk's work in progress: only the post holding the file reads it (its holder, or
    whoever holds that post on additional charge or delegation); not the posts the file
    passed through, nor district heads or UT oversight. Seeing the file is checked first."""
    return note.is_final or holds(user, note.efile)


def _draft_at_its_post(user, note):
    """A draft note of an active file still with the note's post, which the user holds."""
    efile = note.efile
    return (note.status == "draft" and efile.status == ACTIVE
            and efile.holder_post_id == note.post_id and holds(user, efile))


def can_edit_note(user, note):
    """Only its author, only while it is a draft, only while the file is with the author's
    post: once the file leaves, the note is final and nobody may change it."""
    return note.author_id == user.id and _draft_at_its_post(user, note)


def can_discard_note(user, note):
    """Its author discards a draft as they may edit it; so does the post's holder when
    the author no longer holds the post (transferred, charge ended), or the draft would
    keep the file from ever leaving."""
    return _draft_at_its_post(user, note) and (
        note.author_id == user.id or note.post_id not in held_post_ids(note.author))


def may_approve(post):
    """Posts authorised to approve letters for issue carry `can_approve` (DC, ADC...)."""
    return bool(post is not None and post.active and post.can_approve)


def can_edit_draft(user, draft):
    """Whoever holds the file edits a draft letter until it is approved."""
    return draft.status == "draft" and can_write_note(user, draft.efile)


def can_approve_draft(user, draft):
    return can_edit_draft(user, draft) and may_approve(draft.efile.holder_post)


def can_issue_draft(user, draft):
    """An approved draft is issued by whoever holds the file, if that post belongs to the
    file's office: dispatch numbers come from the dispatching office's own register."""
    return _holds_approved(user, draft) and not held_outside_its_office(draft.efile)


def issue_waits_for_its_office(user, draft):
    """The user holds the file with an approved draft at a post of another office (sent
    there for comments or approval): the letter is issued once the file is back home."""
    return _holds_approved(user, draft) and held_outside_its_office(draft.efile)


def _holds_approved(user, draft):
    return draft.status == "approved" and can_write_note(user, draft.efile)


def held_outside_its_office(efile):
    return efile.holder_post.office_id != efile.office_id


def dispatch_scope(user):
    """Offices whose dispatch register the user reads: their posts' offices, and for
    oversight roles every office in their org subtree (ids, org-unit path prefixes)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset(), ()
    return frozenset(post.office_id for post in user.current_posts()), oversight_paths(user)


def can_read_register(user, office):
    offices, paths = dispatch_scope(user)
    return office.id in offices or any(office.org_unit.path.startswith(p) for p in paths)


def can_view_letter(user, dispatch):
    """An issued letter is seen by those who see its file, and (unless its file is
    confidential or higher) by readers of its office's dispatch register."""
    if can_view(user, dispatch.efile):
        return True
    return not dispatch.efile.is_restricted() and can_read_register(user, dispatch.office)


def can_sign_letter(user, dispatch):
    """An issued letter is signed digitally by the officer who approved it, and only
    while its PDF awaits that signature."""
    document = dispatch.document
    return (document is not None and not document.is_final and user.is_authenticated
            and dispatch.version.approved_by_id == user.id)


def can_create(user):
    return bool(held_post_ids(user))


def can_intake(token, office):
    """A live service token brings receipts into the offices it is bound to, only."""
    return (token.is_service and token.revoked_at is None
            and any(bound.id == office.id for bound in token.offices))


def can_administer(user):
    return user.is_authenticated and user.has_role("it_admin")


def can_view_dashboard(user, unit):
    """An org unit's adoption dashboard: UT oversight every unit, a district head the
    units of their district's subtree; nobody else."""
    return getattr(user, "is_authenticated", False) and any(
        unit.path.startswith(path) for path in oversight_paths(user))


def can_view_office_dashboard(user, office):
    """One office's dashboard: an official the offices of the posts they hold, and
    oversight every office within its subtree."""
    if not getattr(user, "is_authenticated", False):
        return False
    if any(post.office_id == office.id for post in user.current_posts()):
        return True
    return any(office.org_unit.path.startswith(path) for path in oversight_paths(user))


def can_see_a_dashboard(user):
    return bool(oversight_paths(user) or held_post_ids(user))


def can_set_targets(user):
    """Onboarding targets per unit are set by IT admins."""
    return can_administer(user)


def can_read_audit(user):
    """IT admins and UT oversight read the whole audit log."""
    return user.is_authenticated and user.has_role("it_admin", "ut_oversight")


def can_use_two_factor(user):
    """IT admins, UT oversight and district heads may add a second sign-in factor."""
    return user.is_authenticated and user.has_role(*current_app.config["TOTP_ROLES"])


def register(app):
    app.jinja_env.globals["policy"] = sys.modules[__name__]


# District reporting (/reports). A user's scope is the org units of the offices of the
# posts they hold today. Anyone holding a post inside a district edits that district's
# entries; UT oversight reads everything and reviews proposals; everyone else reads
# within their subtree (their whole district when they sit inside one).

def reporting_district_of(unit):
    """The district an org unit lies in (itself when it is one); None above districts."""
    while unit is not None and unit.kind != "district":
        unit = unit.parent
    return unit


def _reporting_units(user):
    if not user.is_authenticated:
        return []
    return [post.office.org_unit for post in user.current_posts()]


def reporting_districts(user):
    """Districts whose entries this user edits, by name."""
    found = {}
    for unit in _reporting_units(user):
        district = reporting_district_of(unit)
        if district is not None:
            found[district.id] = district
    return sorted(found.values(), key=lambda d: d.name)


def reporting_roots(user):
    """Org-unit paths this user reads below: their district, or their own unit above one."""
    roots = set()
    for unit in _reporting_units(user):
        roots.add((reporting_district_of(unit) or unit).path)
    return sorted(roots)


def can_oversee_reporting(user):
    return user.is_authenticated and user.has_role("ut_oversight")


def can_view_reporting_unit(user, unit):
    if can_oversee_reporting(user):
        return True
    return unit is not None and any(unit.path.startswith(root) for root in reporting_roots(user))


def can_edit_district_entries(user, district):
    return district is not None and any(d.id == district.id for d in reporting_districts(user))


def can_edit_proposal(user, proposal):
    """Drafts and returned proposals, by the district's own users; submitting is an edit too."""
    return proposal.is_editable and can_edit_district_entries(user, proposal.district)


def can_review_proposal(user, proposal):
    return can_oversee_reporting(user) and bool(proposal.review_moves())


def can_edit_workshop(user, workshop):
    return can_edit_district_entries(user, reporting_district_of(workshop.org_unit))


def can_report_for_office(user, office):
    """Readiness figures and new problems come from the office's own district."""
    return can_edit_district_entries(user, reporting_district_of(office.org_unit))


def can_handle_problem(user, problem):
    """Comment, escalate or resolve: the district's users or UT oversight, until resolved."""
    if problem.is_resolved:
        return False
    return can_oversee_reporting(user) or can_report_for_office(user, problem.office)


def can_submit_monthly_report(user, district, report=None):
    """The district head writes the remarks and submits; a submitted report is frozen."""
    if report is not None and report.is_submitted:
        return False
    return (user.is_authenticated and user.has_role("district_head")
            and can_edit_district_entries(user, district))
