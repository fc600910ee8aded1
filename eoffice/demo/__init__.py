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


def _place_names():
    with open(os.path.join(HERE, "jk_names.csv"), newline="", encoding="utf-8") as handle:
        return {row["english"]: (row["hindi"], row["urdu"]) for row in csv.DictReader(handle)}


PLACES = _place_names()

# Offices and posts are named after their place: the same words in Hindi and Urdu ("{}"
# is the place). Names of record stay English; these are shown to Hindi and Urdu readers.
NAMED = {
    "Deputy Commissioner Office, {}": ("उपायुक्त कार्यालय, {}", "دفتر ڈپٹی کمشنر، {}"),
    "Chief Medical Officer Office, {}": ("मुख्य चिकित्सा अधिकारी कार्यालय, {}",
                                         "دفتر چیف میڈیکل آفیسر، {}"),
    "Chief Education Officer Office, {}": ("मुख्य शिक्षा अधिकारी कार्यालय, {}",
                                           "دفتر چیف ایجوکیشن آفیسر، {}"),
    "Tehsil Office, {}": ("तहसील कार्यालय, {}", "دفتر تحصیل، {}"),
    "Block Development Office, {}": ("खंड विकास कार्यालय, {}", "دفتر بلاک ڈیولپمنٹ، {}"),
    "{} Block I": ("{} ब्लॉक I", "{} بلاک I"), "{} Block II": ("{} ब्लॉक II", "{} بلاک II"),
    "Deputy Commissioner, {}": ("उपायुक्त, {}", "ڈپٹی کمشنر، {}"),
    "DC {}": ("उपायुक्त {}", "ڈی سی {}"),
    "Additional Deputy Commissioner, {}": ("अपर उपायुक्त, {}", "ایڈیشنل ڈپٹی کمشنر، {}"),
    "ADC {}": ("अपर उपायुक्त {}", "اے ڈی سی {}"),
    "Section Officer (General)": ("अनुभाग अधिकारी (सामान्य)", "سیکشن آفیسر (جنرل)"),
    "SO (Gen) {}": ("अनुभाग अधिकारी (सामान्य) {}", "ایس او (جنرل) {}"),
    "Diarist, Central Registry": ("डायरिस्ट, केंद्रीय रजिस्ट्री", "ڈائریسٹ، سینٹرل رجسٹری"),
    "CRU {}": ("केंद्रीय रजिस्ट्री {}", "سی آر یو {}"),
    "Assistant (Establishment)": ("सहायक (स्थापना)", "اسسٹنٹ (اسٹیبلشمنٹ)"),
    "Asstt (Estt) {}": ("सहायक (स्थापना) {}", "اسسٹنٹ (اسٹیبلشمنٹ) {}"),
    "Chief Medical Officer, {}": ("मुख्य चिकित्सा अधिकारी, {}", "چیف میڈیکل آفیسر، {}"),
    "CMO {}": ("सीएमओ {}", "سی ایم او {}"),
    "Chief Education Officer, {}": ("मुख्य शिक्षा अधिकारी, {}", "چیف ایجوکیشن آفیسر، {}"),
    "CEO {}": ("सीईओ {}", "سی ای او {}"),
    "Tehsildar, {}": ("तहसीलदार, {}", "تحصیلدار، {}"), "Tehsildar {}": ("तहसीलदार {}", "تحصیلدار {}"),
    "Naib Tehsildar, {}": ("नायब तहसीलदार, {}", "نائب تحصیلدار، {}"),
    "Naib Tehsildar {}": ("नायब तहसीलदार {}", "نائب تحصیلدار {}"),
    "Block Development Officer, {}": ("खंड विकास अधिकारी, {}", "بلاک ڈیولپمنٹ آفیسر، {}"),
    "BDO {}": ("बीडीओ {}", "بی ڈی او {}"),
    "Commissioner/Secretary, Information Technology": (
        "आयुक्त/सचिव, सूचना प्रौद्योगिकी", "کمشنر/سیکریٹری، انفارمیشن ٹیکنالوجی"),
    "CS (IT)": ("आयुक्त/सचिव (आईटी)", "کمشنر/سیکریٹری (آئی ٹی)"),
    "System Administrator": ("सिस्टम प्रशासक", "سسٹم ایڈمنسٹریٹر"),
    "SA (IT)": ("सिस्टम प्रशासक (आईटी)", "سسٹم ایڈمنسٹریٹر (آئی ٹی)"),
}


def named(pattern, place=None):
    """(English, Hindi, Urdu) of a name made from `pattern` and a place's names."""
    english = pattern.format(*(place[:1] if place else ()))
    if pattern not in NAMED and place is None:
        return (english, *PLACES.get(english, (None, None)))
    hindi, urdu = NAMED[pattern]
    if place is None:
        return english, hindi, urdu
    return english, hindi.format(place[1]), urdu.format(place[2])


def place(name):
    """(English, Hindi, Urdu) of a place in the demo's list of names."""
    return (name, *PLACES.get(name, (None, None)))


class DemoBuilder:
    def __init__(self, password):
        self.password_hash = hash_password(password)  # one hash serves every demo account
        self.started = date(2025, 1, 1)
        self.employee_serial = 0
        self.departments = {}

    def unit(self, code, name, kind, parent=None):
        """`name`: English, or (English, Hindi, Urdu)."""
        name, name_hi, name_ur = (name, None, None) if isinstance(name, str) else name
        unit = OrgUnit(code=code, name=name, name_hi=name_hi, name_ur=name_ur, kind=kind,
                       parent=parent, path=OrgUnit.path_for(parent, code))
        db.session.add(unit)
        return unit

    def office(self, code, name, dept, unit, sections=()):
        """`name`: (English, Hindi, Urdu)."""
        office = Office(code=code, name=name[0], name_hi=name[1], name_ur=name[2],
                        department=self.departments[dept], org_unit=unit)
        db.session.add(office)
        made = {s_code: Section(office=office, code=s_code, name=s_name)
                for s_code, s_name in sections}
        db.session.add_all(made.values())
        return office, made

    def post(self, office, designation, label, reports_to=None, section=None, can_approve=False,
             oversight="none"):
        """`designation`, `label`: (English, Hindi, Urdu)."""
        post = Post(office=office, designation=designation[0], designation_hi=designation[1],
                    designation_ur=designation[2], label=label[0], label_hi=label[1],
                    label_ur=label[2], reports_to=reports_to, section=section,
                    can_approve=can_approve, oversight=oversight)
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
            _, hindi, urdu = place(name)
            self.departments[code] = Department(code=code, name=name, name_hi=hindi, name_ur=urdu)
        db.session.add_all(self.departments.values())
        ut = self.unit("JK", place("Jammu and Kashmir"), "ut")
        it_office, _ = self.office(
            "ITD-JK", ("Information Technology Department, Civil Secretariat",
                       *place("Information Technology Department Civil Secretariat")[1:]),
            "ITD", ut, [("EGOV", "e-Governance")])
        cs_post = self.post(it_office, named("Commissioner/Secretary, Information Technology"),
                            named("CS (IT)"), oversight="ut")
        sa_post = self.post(it_office, named("System Administrator"), named("SA (IT)"),
                            reports_to=cs_post)
        self.person("cs.it", "Commissioner/Secretary IT", cs_post, ("official", "ut_oversight"))
        self.person("admin", "System Administrator", sa_post, ("it_admin",))
        divisions = {}
        with open(os.path.join(HERE, "jk_districts.csv"), newline="") as handle:
            for row in csv.DictReader(handle):
                division = divisions.get(row["division_code"])
                if division is None:
                    division = self.unit(row["division_code"],
                                         place(f"{row['division']} Division"), "division", ut)
                    divisions[row["division_code"]] = division
                self.district(row["code"], row["district"], division)
        db.session.flush()

    def district(self, code, name, division):
        here = place(name)
        unit = self.unit(code, here, "district", division)
        key = slug(name)
        office, sections = self.office(
            f"DC-{code}", named("Deputy Commissioner Office, {}", here), "GAD", unit,
            [("CRU", "Central Registry Unit"), ("GEN", "General"), ("EST", "Establishment")])
        dc = self.post(office, named("Deputy Commissioner, {}", here), named("DC {}", here),
                       can_approve=True, oversight="district")
        adc = self.post(office, named("Additional Deputy Commissioner, {}", here),
                        named("ADC {}", here), reports_to=dc, can_approve=True)
        so = self.post(office, named("Section Officer (General)"), named("SO (Gen) {}", here),
                       adc, sections["GEN"])
        cru = self.post(office, named("Diarist, Central Registry"), named("CRU {}", here), so,
                        sections["CRU"])
        est = self.post(office, named("Assistant (Establishment)"),
                        named("Asstt (Estt) {}", here), so, sections["EST"])
        self.person(f"dc.{key}", f"Deputy Commissioner {name}", dc, ("official", "district_head"))
        self.person(f"adc.{key}", f"Additional DC {name}", adc)
        self.person(f"so.{key}", f"Section Officer {name}", so)
        self.person(f"cru.{key}", f"Diarist {name}", cru, ("official", "diarist"))
        self.person(f"asstt.{key}", f"Assistant {name}", est)
        for dept, title, label in (("HLT", "Chief Medical Officer", "CMO"),
                                   ("SED", "Chief Education Officer", "CEO")):
            dept_office, _ = self.office(f"{label}-{code}", named(title + " Office, {}", here),
                                         dept, unit)
            head = self.post(dept_office, named(title + ", {}", here), named(label + " {}", here),
                             reports_to=dc)
            self.person(f"{label.lower()}.{key}", f"{title} {name}", head)
        for number, tehsil_name in enumerate(TEHSILS[code], start=1):
            there = place(tehsil_name)
            tehsil = self.unit(f"{code}-T{number}", there, "tehsil", unit)
            t_office, _ = self.office(f"TO-{code}-T{number}", named("Tehsil Office, {}", there),
                                      "REV", tehsil, [("GEN", "General")])
            tehsildar = self.post(t_office, named("Tehsildar, {}", there),
                                  named("Tehsildar {}", there), reports_to=adc)
            naib = self.post(t_office, named("Naib Tehsildar, {}", there),
                             named("Naib Tehsildar {}", there), reports_to=tehsildar)
            self.person(f"tehsildar.{slug(tehsil_name)}", f"Tehsildar {tehsil_name}", tehsildar)
            self.person(f"naib.{slug(tehsil_name)}", f"Naib Tehsildar {tehsil_name}", naib)
        for number in (1, 2):
            block_names = named("{} Block " + "I" * number, here)
            block_name = block_names[0]
            block = self.unit(f"{code}-B{number}", block_names, "block", unit)
            b_office, _ = self.office(f"BDO-{code}-B{number}",
                                      named("Block Development Office, {}", block_names),
                                      "RDD", block)
            bdo = self.post(b_office, named("Block Development Officer, {}", block_names),
                            named("BDO {}", block_names), reports_to=adc)
            self.person(f"bdo.{code.lower()}{number}", f"BDO {block_name}", bdo)
            for p_number in (1, 2):
                self.unit(f"{code}-B{number}-P{p_number}", f"{block_name} Panchayat {p_number}",
                          "panchayat", block)


def load_demo(password):
    from .activity import load_activity
    from .letters import load_letters
    from .reporting import load_reporting_demo

    DemoBuilder(password).build()
    with open(os.path.join(HERE, "jk_districts.csv"), newline="") as handle:
        names = {row["code"]: row["district"] for row in csv.DictReader(handle)}
    load_activity(names)
    load_letters(password)
    load_reporting_demo()
    db.session.commit()
    # fresh planner statistics: PostgreSQL may have sampled these tables while nearly
    # empty and would then plan the first pages as if they still were
    db.session.execute(text("ANALYZE"))
    db.session.commit()
