"""Demo data: the 20 J&K districts in their two divisions, offices, posts and people.

District names are real; tehsils are real where listed, blocks and panchayats are
synthetic. Every demo account shares one password (EOFFICE_DEMO_PASSWORD).
"""
import csv
import os
from datetime import date

from sqlalchemy import text

from ..auth.passwords import hash_password
from ..extensions import db
from ..models import Department, Office, OrgUnit, Post, PostHolding, Section, User, UserRole

HERE = os.path.dirname(__file__)

DEPARTMENTS = [
    ("GAD", "General Administration"), ("REV", "Revenue"), ("RDD", "Rural Development"),
    ("HLT", "Health and Medical Education"), ("SED", "School Education"),
    ("ITD", "Information Technology"),
]

TEHSILS = {
    "JMU": ["Jammu North", "Jammu South", "Akhnoor"], "SMB": ["Samba", "Vijaypur", "Ramgarh"],
    "KTH": ["Kathua", "Hiranagar", "Billawar"], "UDH": ["Udhampur", "Chenani", "Ramnagar"],
    "RSI": ["Reasi", "Katra", "Pouni"], "RJR": ["Rajouri", "Nowshera", "Kalakote"],
    "PNC": ["Haveli", "Mendhar", "Surankote"], "DOD": ["Doda", "Bhaderwah", "Thathri"],
    "RMB": ["Ramban", "Banihal", "Gool"], "KTW": ["Kishtwar", "Chatroo", "Marwah"],
    "SGR": ["Khanyar", "Shalteng", "Eidgah"], "BDG": ["Budgam", "Beerwah", "Chadoora"],
    "GBL": ["Ganderbal", "Kangan", "Lar"], "PLW": ["Pulwama", "Pampore", "Tral"],
    "SHP": ["Shopian", "Zainapora", "Keller"], "ANT": ["Anantnag", "Bijbehara", "Kokernag"],
    "KLG": ["Kulgam", "DH Pora", "Devsar"], "BRM": ["Baramulla", "Sopore", "Uri"],
    "BPR": ["Bandipora", "Sumbal", "Gurez"], "KPW": ["Kupwara", "Handwara", "Karnah"],
}

DEMO_ACCOUNTS = [
    ("admin", "IT admin"), ("cs.it", "UT oversight (IT department)"),
    ("dc.srinagar", "Deputy Commissioner, Srinagar"), ("dc.jammu", "Deputy Commissioner, Jammu"),
    ("cru.srinagar", "Diarist, Central Registry, DC Office Srinagar"),
    ("so.srinagar", "Section Officer, DC Office Srinagar"),
    ("adc.srinagar", "Additional DC, Srinagar"), ("tehsildar.khanyar", "Tehsildar Khanyar"),
]


def slug(name):
    return name.lower().replace(" ", "")


class DemoBuilder:
    def __init__(self, password):
        self.password_hash = hash_password(password)  # one hash serves every demo account
        self.started = date(2025, 1, 1)
        self.employee_serial = 0
        self.departments = {}

    def unit(self, code, name, kind, parent=None):
        unit = OrgUnit(code=code, name=name, kind=kind, parent=parent,
                       path=OrgUnit.path_for(parent, code))
        db.session.add(unit)
        return unit

    def office(self, code, name, dept, unit, sections=()):
        office = Office(code=code, name=name, department=self.departments[dept], org_unit=unit)
        db.session.add(office)
        made = {s_code: Section(office=office, code=s_code, name=s_name)
                for s_code, s_name in sections}
        db.session.add_all(made.values())
        return office, made

    def post(self, office, designation, label, reports_to=None, section=None, can_approve=False):
        post = Post(office=office, designation=designation, label=label,
                    reports_to=reports_to, section=section, can_approve=can_approve)
        db.session.add(post)
        return post

    def person(self, username, name, post=None, roles=("official",)):
        self.employee_serial += 1
        user = User(username=username, name=name, employee_code=f"JK{self.employee_serial:06d}",
                    email=f"{username}@demo.eoffice.invalid", language="en",
                    password_hash=self.password_hash)
        user.role_rows = [UserRole(role=role) for role in roles]
        db.session.add(user)
        if post is not None:
            db.session.add(PostHolding(user=user, post=post, kind="regular",
                                       starts_on=self.started))
        return user

    def build(self):
        for code, name in DEPARTMENTS:
            self.departments[code] = Department(code=code, name=name)
        db.session.add_all(self.departments.values())
        ut = self.unit("JK", "Jammu and Kashmir", "ut")
        it_office, _ = self.office("ITD-JK", "Information Technology Department, Civil Secretariat",
                                   "ITD", ut, [("EGOV", "e-Governance")])
        cs_post = self.post(it_office, "Commissioner/Secretary, Information Technology", "CS (IT)")
        sa_post = self.post(it_office, "System Administrator", "SA (IT)", reports_to=cs_post)
        self.person("cs.it", "Commissioner/Secretary IT", cs_post, ("official", "ut_oversight"))
        self.person("admin", "System Administrator", sa_post, ("it_admin",))
        divisions = {}
        with open(os.path.join(HERE, "jk_districts.csv"), newline="") as handle:
            for row in csv.DictReader(handle):
                division = divisions.get(row["division_code"])
                if division is None:
                    division = self.unit(row["division_code"], f"{row['division']} Division",
                                         "division", ut)
                    divisions[row["division_code"]] = division
                self.district(row["code"], row["district"], division)
        db.session.flush()

    def district(self, code, name, division):
        unit = self.unit(code, name, "district", division)
        key = slug(name)
        office, sections = self.office(
            f"DC-{code}", f"Deputy Commissioner Office, {name}", "GAD", unit,
            [("CRU", "Central Registry Unit"), ("GEN", "General"), ("EST", "Establishment")])
        dc = self.post(office, f"Deputy Commissioner, {name}", f"DC {name}", can_approve=True)
        adc = self.post(office, f"Additional Deputy Commissioner, {name}", f"ADC {name}",
                        reports_to=dc, can_approve=True)
        so = self.post(office, "Section Officer (General)", f"SO (Gen) {name}", adc, sections["GEN"])
        cru = self.post(office, "Diarist, Central Registry", f"CRU {name}", so, sections["CRU"])
        est = self.post(office, "Assistant (Establishment)", f"Asstt (Estt) {name}", so,
                        sections["EST"])
        self.person(f"dc.{key}", f"Deputy Commissioner {name}", dc, ("official", "district_head"))
        self.person(f"adc.{key}", f"Additional DC {name}", adc)
        self.person(f"so.{key}", f"Section Officer {name}", so)
        self.person(f"cru.{key}", f"Diarist {name}", cru, ("official", "diarist"))
        self.person(f"asstt.{key}", f"Assistant {name}", est)
        for dept, title, label in (("HLT", "Chief Medical Officer", "CMO"),
                                   ("SED", "Chief Education Officer", "CEO")):
            dept_office, _ = self.office(f"{label}-{code}", f"{title} Office, {name}", dept, unit)
            head = self.post(dept_office, f"{title}, {name}", f"{label} {name}", reports_to=dc)
            self.person(f"{label.lower()}.{key}", f"{title} {name}", head)
        for number, tehsil_name in enumerate(TEHSILS[code], start=1):
            tehsil = self.unit(f"{code}-T{number}", tehsil_name, "tehsil", unit)
            t_office, _ = self.office(f"TO-{code}-T{number}", f"Tehsil Office, {tehsil_name}",
                                      "REV", tehsil, [("GEN", "General")])
            tehsildar = self.post(t_office, f"Tehsildar, {tehsil_name}",
                                  f"Tehsildar {tehsil_name}", reports_to=adc)
            naib = self.post(t_office, f"Naib Tehsildar, {tehsil_name}",
                             f"Naib Tehsildar {tehsil_name}", reports_to=tehsildar)
            self.person(f"tehsildar.{slug(tehsil_name)}", f"Tehsildar {tehsil_name}", tehsildar)
            self.person(f"naib.{slug(tehsil_name)}", f"Naib Tehsildar {tehsil_name}", naib)
        for number in (1, 2):
            block_name = f"{name} Block {'I' * number}"
            block = self.unit(f"{code}-B{number}", block_name, "block", unit)
            b_office, _ = self.office(f"BDO-{code}-B{number}", f"Block Development Office, {block_name}",
                                      "RDD", block)
            bdo = self.post(b_office, f"Block Development Officer, {block_name}",
                            f"BDO {block_name}", reports_to=adc)
            self.person(f"bdo.{code.lower()}{number}", f"BDO {block_name}", bdo)
            for p_number in (1, 2):
                self.unit(f"{code}-B{number}-P{p_number}", f"{block_name} Panchayat {p_number}",
                          "panchayat", block)


def load_demo(password):
    from .activity import load_activity
    from .reporting import load_reporting_demo

    DemoBuilder(password).build()
    with open(os.path.join(HERE, "jk_districts.csv"), newline="") as handle:
        names = {row["code"]: row["district"] for row in csv.DictReader(handle)}
    load_activity(names)
    load_reporting_demo()
    db.session.commit()
    # fresh planner statistics: PostgreSQL may have sampled these tables while nearly
    # empty and would then plan the first pages as if they still were
    db.session.execute(text("ANALYZE"))
    db.session.commit()
