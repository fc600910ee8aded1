"""Plain factory functions for tests."""
from datetime import date
from itertools import count

from eoffice.auth.passwords import hash_password
from eoffice.extensions import db
from eoffice.models import Department, Office, OrgUnit, Post, PostHolding, Section, User, UserRole

PASSWORD = "Correct-Horse-Battery-9"
_serial = count(1)
_hashes = {}


def _hash(password):
    if password not in _hashes:
        _hashes[password] = hash_password(password)
    return _hashes[password]


def make_unit(code, kind="district", parent=None, name=None):
    unit = OrgUnit(code=code, name=name or code, kind=kind, parent=parent,
                   path=OrgUnit.path_for(parent, code))
    db.session.add(unit)
    db.session.flush()
    return unit


def make_department(code="GAD", name="General Administration"):
    department = db.session.query(Department).filter_by(code=code).one_or_none()
    if department is None:
        department = Department(code=code, name=name)
        db.session.add(department)
        db.session.flush()
    return department


def make_office(code, unit, department=None, name=None, sections=("GEN",)):
    office = Office(code=code, name=name or f"Office {code}", org_unit=unit,
                    department=department or make_department())
    db.session.add(office)
    for section_code in sections:
        db.session.add(Section(office=office, code=section_code, name=section_code.title()))
    db.session.flush()
    return office


def make_post(office, label, reports_to=None, designation=None, can_approve=False,
              oversight="none"):
    post = Post(office=office, label=label, designation=designation or label,
                reports_to=reports_to, can_approve=can_approve, oversight=oversight)
    db.session.add(post)
    db.session.flush()
    return post


def make_user(username, post=None, roles=("official",), password=PASSWORD, kind="regular",
              starts_on=date(2025, 1, 1), ends_on=None):
    user = User(username=username, name=username.replace(".", " ").title(),
                employee_code=f"T{next(_serial):05d}", password_hash=_hash(password))
    user.role_rows = [UserRole(role=role) for role in roles]
    db.session.add(user)
    if post is not None:
        db.session.add(PostHolding(user=user, post=post, kind=kind, starts_on=starts_on,
                                   ends_on=ends_on))
    db.session.flush()
    return user


def make_org():
    """UT > Kashmir > Srinagar and Jammu districts; DC office Srinagar with CRU, SO, ADC, DC."""
    ut = make_unit("JK", "ut", name="Jammu and Kashmir")
    kashmir = make_unit("KMR", "division", ut, "Kashmir Division")
    jammu_div = make_unit("JMD", "division", ut, "Jammu Division")
    srinagar = make_unit("SGR", "district", kashmir, "Srinagar")
    jammu = make_unit("JMU", "district", jammu_div, "Jammu")
    khanyar = make_unit("SGR-T1", "tehsil", srinagar, "Khanyar")
    dc_office = make_office("DC-SGR", srinagar, name="Deputy Commissioner Office, Srinagar",
                            sections=("CRU", "GEN"))
    jammu_office = make_office("DC-JMU", jammu, name="Deputy Commissioner Office, Jammu")
    tehsil_office = make_office("TO-SGR-T1", khanyar, make_department("REV", "Revenue"),
                                name="Tehsil Office, Khanyar")
    dc = make_post(dc_office, "DC Srinagar", can_approve=True, oversight="district")
    adc = make_post(dc_office, "ADC Srinagar", reports_to=dc, can_approve=True)
    so = make_post(dc_office, "SO (Gen) Srinagar", reports_to=adc)
    cru = make_post(dc_office, "CRU Srinagar", reports_to=so)
    dc_jammu = make_post(jammu_office, "DC Jammu", oversight="district")
    tehsildar = make_post(tehsil_office, "Tehsildar Khanyar", reports_to=adc)
    it_office = make_office("ITD-JK", ut, make_department("ITD", "Information Technology"))
    cs_post = make_post(it_office, "CS (IT)", oversight="ut")
    users = {
        "admin": make_user("admin", roles=("it_admin",)),
        "cs.it": make_user("cs.it", cs_post, roles=("official", "ut_oversight")),
        "dc.srinagar": make_user("dc.srinagar", dc, roles=("official", "district_head")),
        "dc.jammu": make_user("dc.jammu", dc_jammu, roles=("official", "district_head")),
        "adc.srinagar": make_user("adc.srinagar", adc),
        "so.srinagar": make_user("so.srinagar", so),
        "cru.srinagar": make_user("cru.srinagar", cru, roles=("official", "diarist")),
        "tehsildar.khanyar": make_user("tehsildar.khanyar", tehsildar),
    }
    db.session.commit()
    return {"units": {"ut": ut, "srinagar": srinagar, "jammu": jammu, "khanyar": khanyar},
            "offices": {"dc_sgr": dc_office, "dc_jmu": jammu_office, "tehsil": tehsil_office},
            "posts": {"dc": dc, "adc": adc, "so": so, "cru": cru, "dc_jammu": dc_jammu,
                      "tehsildar": tehsildar, "cs": cs_post},
            "users": users}


def receipt_data(**overrides):
    data = {"subject": "Request for land record correction", "body": "", "sender_name": "Ghulam Nabi",
            "sender_designation": "", "sender_organisation": "", "sender_address": "Khanyar, Srinagar",
            "sender_email": "", "sender_mobile": "", "letter_no": "GN/2026/1",
            "letter_date": date(2026, 1, 5), "received_on": date(2026, 1, 6), "mode": "post",
            "category": "application", "grading": "normal", "is_electronic": True}
    data.update(overrides)
    return data


def make_receipt(user, post=None, uploads=(), **overrides):
    from eoffice.dak.services import diarise

    post = post or user.current_posts()[0]
    receipt = diarise(user, post, receipt_data(**overrides), uploads)
    db.session.commit()
    return receipt


def make_file(user, post=None, subject="Land record correction", head="REV", receipts=(), **kw):
    from eoffice.files.services import create_file

    post = post or user.current_posts()[0]
    efile = create_file(user, post, subject, kw.pop("category", "general"), head,
                        receipts=receipts, **kw)
    db.session.commit()
    return efile


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
             b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
             b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")  # one pixel, a real image


def make_history(org):
    """Every kind of movement once: receipts sent (with copies), opened, pulled back, put in
    a file; files sent, parked, unparked, closed and reopened. Returns the items made."""
    from eoffice.dak.services import put_in_file
    from eoffice.movement import services

    users, posts = org["users"], org["posts"]
    cru, so, adc = users["cru.srinagar"], users["so.srinagar"], users["adc.srinagar"]
    spread = make_receipt(cru, subject="Circular to several posts")
    services.send(cru, spread, [posts["so"].id, posts["adc"].id])
    pulled = make_receipt(cru, subject="Sent and pulled back")
    services.send(cru, pulled, [posts["so"].id])
    services.pull_back(cru, pulled)
    db.session.commit()
    services.open_item(so, spread)
    filed = make_file(so, subject="Roads in Khanyar")
    put_in_file(so, spread, filed)
    services.send(so, filed, [posts["adc"].id], remarks="For orders")
    db.session.commit()
    services.open_item(adc, filed)
    services.send(adc, filed, [posts["so"].id])
    db.session.commit()
    services.park(so, filed, remarks="Awaiting report")
    services.unpark(so, filed)
    services.close(so, filed, reason="Work completed")
    db.session.commit()
    services.reopen(so, filed, remarks="Complaint again")
    kept = make_file(adc, subject="Budget", head="ACC")
    services.send(adc, kept, [posts["dc"].id])
    db.session.commit()
    return {"spread": spread, "pulled": pulled, "filed": filed, "kept": kept}
