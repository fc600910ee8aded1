"""The organisation at UT scale: the demo tree (20 districts, named accounts) grown to
about 207 tehsils, 285 blocks, 4,290 panchayats and some 700 offices, then filled to
25,000 posts with one official in each."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..demo import DemoBuilder
from ..extensions import db
from ..models import Department, Office, OrgUnit, Post, PostHolding, Section, User

TEHSILS, BLOCKS, PANCHAYATS = 207, 285, 4290
EXTRA_DEPARTMENTS = [
    ("PWD", "Public Works (R&B)"), ("JSD", "Jal Shakti"), ("AGR", "Agriculture Production"),
    ("SWD", "Social Welfare"), ("FCS", "Food, Civil Supplies and Consumer Affairs"),
    ("FOR", "Forest, Ecology and Environment"), ("HUD", "Housing and Urban Development"),
    ("LAB", "Labour and Employment"),
]
DESIGNATIONS = [
    ("Superintendent", "Supdt"), ("Head Assistant", "HA"), ("Senior Assistant", "Sr Asstt"),
    ("Junior Assistant", "Jr Asstt"), ("Section Officer", "SO"), ("Accounts Officer", "AO"),
    ("Stenographer", "Steno"), ("Computer Operator", "CO"), ("Inspector", "Insp"),
    ("Assistant Engineer", "AE"), ("Junior Engineer", "JE"), ("Record Keeper", "RK"),
]
FIRST = ["Aijaz", "Bilal", "Danish", "Farooq", "Ghulam", "Irfan", "Javed", "Mushtaq", "Nazir",
         "Rafiq", "Shabir", "Tariq", "Zahoor", "Anita", "Asha", "Kiran", "Meenakshi", "Neha",
         "Pooja", "Rekha", "Shazia", "Mehmooda", "Rubina", "Nusrat", "Ajay", "Rakesh",
         "Sanjay", "Vikram", "Kuldeep", "Raman", "Sunil", "Deepak"]
LAST = ["Bhat", "Dar", "Lone", "Mir", "Wani", "Shah", "Sheikh", "Malik", "Rather", "Ganie",
        "Sharma", "Gupta", "Singh", "Kumar", "Raina", "Kaul", "Pandita", "Choudhary", "Manhas",
        "Jamwal", "Sudan", "Khajuria"]
SPECIAL = [  # username, designation, label: the bench's known desks in DC Office Srinagar
    ("heavy", "Superintendent (Revenue), DC Office Srinagar", "Supdt (Rev) Srinagar"),
    ("bench.a", "Bench desk A, DC Office Srinagar", "Bench A Srinagar"),
    ("bench.b", "Bench desk B, DC Office Srinagar", "Bench B Srinagar"),
]
STARTED = date(2024, 1, 1)
OFFICE_WEIGHT = {"district": 3, "tehsil": 2, "block": 2, "ut": 4}


@dataclass
class Organisation:
    """What the items step needs to know about every post, kept in memory."""
    post_office: dict = field(default_factory=dict)
    post_section: dict = field(default_factory=dict)
    post_user: dict = field(default_factory=dict)
    usernames: dict = field(default_factory=dict)
    office_posts: dict = field(default_factory=dict)
    offices: dict = field(default_factory=dict)  # id -> (code, dept code, pattern)
    section_codes: dict = field(default_factory=dict)
    special_posts: dict = field(default_factory=dict)  # username -> post id


def build(ctx):
    """Demo tree and accounts through the ORM, then the bulk of the organisation."""
    DemoBuilder(ctx.password).build()
    db.session.commit()
    writer = ctx.writer
    ctx.password_hash = writer.connection.scalar(select(User.password_hash).limit(1))
    departments = _departments(writer)
    units = _units(writer)
    _offices(writer, departments, units)
    writer.commit()
    _posts_and_people(ctx)
    writer.commit()
    ctx.org = _load_organisation(writer.connection)
    ctx.echo(f"  {len(ctx.org.post_office):,} posts in {len(ctx.org.offices):,} offices")


def _departments(writer):
    codes = {code: dept_id for dept_id, code in writer.connection.execute(
        select(Department.id, Department.code))}
    rows = []
    for code, name in EXTRA_DEPARTMENTS:
        codes[code] = writer.next_id("department")
        rows.append((codes[code], code, name, True))
    writer.write("department", ("id", "code", "name", "active"), rows)
    return codes


def _units(writer):
    """New tehsils, blocks and panchayats spread over the districts; returns
    {kind: [(unit id, code, name, district code, path)]} including the demo ones."""
    existing = writer.connection.execute(select(
        OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.path)).all()
    districts = [u for u in existing if u.kind == "district"]
    units = {"ut": [u for u in existing if u.kind == "ut"], "district": districts,
             "tehsil": [u for u in existing if u.kind == "tehsil"],
             "block": [u for u in existing if u.kind == "block"]}
    rows = []

    def add(kind, code, name, parent_id, parent_path):
        unit_id = writer.next_id("org_unit")
        path = f"{parent_path}{code}/"
        rows.append((unit_id, code, name, kind, parent_id, path, True))
        return unit_id, path

    for kind, total, letter in (("tehsil", TEHSILS, "T"), ("block", BLOCKS, "B")):
        have = {d.code: sum(1 for u in units[kind] if u.code.startswith(d.code + "-"))
                for d in districts}
        for index in range(total - len(units[kind])):
            district = districts[index % len(districts)]
            have[district.code] += 1
            code = f"{district.code}-{letter}{have[district.code]}"
            noun = "Tehsil" if kind == "tehsil" else "Block"
            name = f"{district.name} {noun} {have[district.code]}"
            unit_id, path = add(kind, code, name, district.id, district.path)
            units[kind].append(_Unit(unit_id, code, name, kind, path))
    panchayats = PANCHAYATS - sum(1 for u in existing if u.kind == "panchayat")
    blocks = units["block"]
    for index in range(panchayats):
        block = blocks[index % len(blocks)]
        number = index // len(blocks) + 3
        add("panchayat", f"{block.code}-P{number}", f"{block.name} Panchayat {number}", block.id,
            block.path)
    writer.write("org_unit", ("id", "code", "name", "kind", "parent_id", "path", "active"), rows)
    return units


class _Unit:
    def __init__(self, id, code, name, kind, path):
        self.id, self.code, self.name, self.kind, self.path = id, code, name, kind, path


def _offices(writer, departments, units):
    """A district office of each new department, an office in each new tehsil and block,
    a secretariat office per department; each with a General section."""
    known = {code for (code,) in writer.connection.execute(select(Office.code))}
    office_rows, section_rows = [], []

    def add(code, name, dept, unit_id):
        if code in known:
            return
        office_id = writer.next_id("office")
        office_rows.append((office_id, code, name, departments[dept], unit_id,
                            "{office}/{dept}-{section}/{head}/{serial}/{year}", True))
        section_rows.append((writer.next_id("section"), office_id, "GEN", "General", True))

    ut = units["ut"][0]
    for dept in departments:
        add(f"SEC-{dept}", f"Administrative Department ({dept}), Civil Secretariat", dept, ut.id)
    for district in units["district"]:
        for dept, name in EXTRA_DEPARTMENTS:
            add(f"{dept}-{district.code}", f"District Office {name}, {district.name}", dept,
                district.id)
    for tehsil in units["tehsil"]:
        add(f"TO-{tehsil.code}", f"Tehsil Office, {tehsil.name}", "REV", tehsil.id)
    for block in units["block"]:
        add(f"BDO-{block.code}", f"Block Development Office, {block.name}", "RDD", block.id)
    writer.write("office", ("id", "code", "name", "department_id", "org_unit_id",
                            "file_number_pattern", "active"), office_rows)
    writer.write("section", ("id", "office_id", "code", "name", "active"), section_rows)


def _posts_and_people(ctx):
    """Fill every office with posts up to the target; one official holds each new post."""
    writer, rng = ctx.writer, ctx.rng
    read = writer.connection
    offices = read.execute(
        select(Office.id, Office.code, OrgUnit.kind).join(OrgUnit, Office.org_unit_id == OrgUnit.id)
        .order_by(Office.id)).all()
    sections = {}
    for section_id, office_id, code in read.execute(
            select(Section.id, Section.office_id, Section.code).order_by(Section.id)):
        if office_id not in sections or code == "GEN":
            sections[office_id] = section_id
    heads = {}
    for post_id, office_id in read.execute(select(Post.id, Post.office_id).order_by(Post.id)):
        heads.setdefault(office_id, post_id)
    existing_posts = len(read.execute(select(Post.id)).all())
    dc_sgr = read.scalar(select(Office.id).where(Office.code == "DC-SGR"))
    so_sgr = read.scalar(select(Post.id).join(PostHolding, PostHolding.post_id == Post.id)
                               .join(User, User.id == PostHolding.user_id)
                               .where(User.username == "so.srinagar"))
    post_rows, user_rows, role_rows, holding_rows = [], [], [], []
    serial = [read.scalar(select(db.func.count(User.id))) or 0]

    def add(office_id, designation, label, reports_to, username=None, name=None):
        post_id = writer.next_id("post")
        post_rows.append((post_id, office_id, sections.get(office_id), designation, label[:80],
                          reports_to, True))
        user_id = writer.next_id("user_account")
        serial[0] += 1
        if username is None:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            username, name = f"{first}.{last}.{serial[0]}".lower(), f"{first} {last}"
        user_rows.append((user_id, username, name or designation, f"JK{serial[0] + 500000:06d}",
                          f"{username}@synth.eoffice.invalid", None,
                          rng.choice(("en", "en", "en", "hi", "ur")), ctx.password_hash,
                          None, 0, None, True))
        role_rows.append((user_id, "official"))
        holding_rows.append((writer.next_id("post_holding"), user_id, post_id, "regular", STARTED,
                             None, None))
        return post_id

    for username, designation, label in SPECIAL:
        add(dc_sgr, designation, label, so_sgr, username, designation.split(",")[0])
    weights = [OFFICE_WEIGHT.get(kind, 2) * (3 if code.startswith("DC-") else 1)
               for _, code, kind in offices]
    remaining = ctx.posts - existing_posts - len(SPECIAL)
    per_weight = remaining / sum(weights)
    made = 0
    for (office_id, code, _kind), weight in zip(offices, weights):
        count = int(round(per_weight * weight))
        if office_id == offices[-1][0]:
            count = remaining - made
        head = heads.get(office_id)
        if head is None and count > 0:
            head = heads[office_id] = add(office_id, f"Head of Office, {code}", f"HoO {code}", None)
            count -= 1
            made += 1
        for number in range(1, count + 1):
            designation, short = DESIGNATIONS[number % len(DESIGNATIONS)]
            add(office_id, f"{designation} {number}, {code}", f"{short} {number} {code}", head)
        made += count
    writer.write("post", ("id", "office_id", "section_id", "designation", "label",
                          "reports_to_id", "active"), post_rows)
    writer.write("user_account", ("id", "username", "name", "employee_code", "email", "mobile",
                                  "language", "password_hash", "password_changed_at",
                                  "failed_logins", "locked_until", "active"), user_rows)
    writer.write("user_role", ("user_id", "role"), role_rows)
    writer.write("post_holding", ("id", "user_id", "post_id", "kind", "starts_on", "ends_on",
                                  "delegated_by_id"), holding_rows)


def _load_organisation(read):
    org = Organisation()
    for office_id, code, dept, pattern in read.execute(
            select(Office.id, Office.code, Department.code, Office.file_number_pattern)
            .join(Department, Office.department_id == Department.id)):
        org.offices[office_id] = (code, dept, pattern)
    org.section_codes = dict(read.execute(select(Section.id, Section.code)).all())
    rows = read.execute(
        select(Post.id, Post.office_id, Post.section_id, User.id, User.username)
        .join(PostHolding, PostHolding.post_id == Post.id)
        .join(User, User.id == PostHolding.user_id).order_by(Post.id)).all()
    for post_id, office_id, section_id, user_id, username in rows:
        if post_id in org.post_user:
            continue
        org.post_office[post_id] = office_id
        org.post_section[post_id] = section_id
        org.post_user[post_id] = user_id
        org.usernames[user_id] = username
        org.office_posts.setdefault(office_id, []).append(post_id)
        if username in ("heavy", "bench.a", "bench.b", "so.srinagar"):
            org.special_posts[username] = post_id
    return org
