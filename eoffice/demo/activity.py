"""Twelve weeks of dak and file movement in several districts, made through the same
services officials use (with the clock set back), so inboxes, histories and
dashboards have something to show on first run. Deterministic for a given seed."""
import io
import os
import random
from datetime import datetime, time, timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ..clock import travel_to, utcnow
from ..dak.services import diarise
from ..extensions import db
from ..files.services import create_file
from ..models import User
from ..movement import services as movement

# district code -> (receipts over 12 weeks, share diarised electronically)
DISTRICTS = {"SGR": (40, 0.9), "JMU": (34, 0.85), "BRM": (20, 0.6), "ANT": (16, 0.7),
             "KTH": (14, 0.4), "UDH": (10, 0.5), "PNC": (6, 0.3), "KPW": (5, 0.2)}
SUBJECTS = [
    "Correction of land records (jamabandi) of khasra no. %d",
    "Application for domicile certificate, ref %d",
    "Complaint regarding drinking water supply in ward %d",
    "Release of funds under MGNREGA, block plan item %d",
    "Request for repair of school building, GMS no. %d",
    "Representation of contractual employees, list %d",
    "RTI application on road works, ref %d",
    "Court case OWP %d: reply to be filed",
]
SENDERS = ["Ghulam Mohammad Dar", "Sunita Sharma", "Abdul Rashid Bhat", "Rakesh Kumar",
           "Mehmooda Akhtar", "Tariq Ahmad Lone", "Kuldeep Singh", "Shazia Jan"]


def _user(username):
    return db.session.scalar(select(User).where(User.username == username))


def _district_cast(code, name):
    key = name.lower().replace(" ", "")
    people = {role: _user(f"{role}.{key}") for role in ("cru", "so", "adc", "dc")}
    posts = {role: user.current_posts()[0] for role, user in people.items()}
    return people, posts


LETTER = os.path.join(os.path.dirname(__file__), "letter.pdf")  # a two-page letter, as scanned


def scanned_letter():
    with open(LETTER, "rb") as letter:
        return FileStorage(io.BytesIO(letter.read()), filename="letter.pdf",
                           content_type="application/pdf")


def _moment(rng, start, day_offset):
    day = (start + timedelta(days=day_offset)).date()
    return datetime.combine(day, time(hour=rng.randint(4, 11), minute=rng.randint(0, 59)))


def load_activity(district_names, seed=7, weeks=12):
    rng = random.Random(seed)
    start = utcnow() - timedelta(weeks=weeks)
    span = weeks * 7 - 2
    for code, (count, electronic_share) in DISTRICTS.items():
        if code not in district_names:
            continue
        people, posts = _district_cast(code, district_names[code])
        for index in range(count):
            _one_story(rng, start, rng.randint(0, span), people, posts,
                       rng.random() < electronic_share, index)
    db.session.flush()


def _one_story(rng, start, day, people, posts, electronic, index):
    """A letter arrives, goes to the section, may become a file and climb the chain."""
    def at(extra_days, minutes=0):
        moment = _moment(rng, start, min(day + extra_days, 12 * 7 - 1))
        return min(moment + timedelta(minutes=minutes), utcnow() - timedelta(minutes=5))

    with travel_to(at(0)):
        data = {"subject": rng.choice(SUBJECTS) % rng.randint(10, 999),
                "sender_name": rng.choice(SENDERS), "sender_address": "",
                "letter_no": f"L/{rng.randint(100, 999)}", "received_on": at(0).date(),
                "mode": rng.choice(("post", "hand", "email")) if electronic else "post",
                "category": rng.choice(("application", "complaint", "general")),
                "grading": "normal", "is_electronic": electronic}
        receipt = diarise(people["cru"], posts["cru"], data, [scanned_letter()] if electronic else ())
    with travel_to(at(0, 30)):
        movement.send(people["cru"], receipt, [posts["so"].id], "For necessary action",
                      rng.choice(("normal", "normal", "immediate")),
                      due_on=at(rng.randint(3, 20)).date() if rng.random() < 0.3 else None)
    if rng.random() < 0.25:
        return  # still unopened with the section
    with travel_to(at(1)):
        movement.open_item(people["so"], receipt)
    if rng.random() < 0.2:
        return  # opened, pending with the section
    with travel_to(at(1, 20)):
        efile = create_file(people["so"], posts["so"], receipt.subject, "general",
                            rng.choice(("REV", "EST", "GEN")), is_electronic=electronic,
                            receipts=[receipt])
    _climb(rng, at, people, posts, efile)


def _climb(rng, at, people, posts, efile):
    chain = [("so", "adc", 2), ("adc", "dc", 4)]
    for sender, recipient, delay in chain:
        with travel_to(at(delay)):
            movement.send(people[sender], efile, [posts[recipient].id], "Submitted for orders")
        if rng.random() < 0.35:
            return  # pending at this level
        with travel_to(at(delay + 1)):
            movement.open_item(people[recipient], efile)
    with travel_to(at(8)):
        movement.send(people["dc"], efile, [posts["so"].id], "Approved. Issue orders.")
    if rng.random() < 0.6:
        with travel_to(at(9)):
            movement.open_item(people["so"], efile)
            movement.close(people["so"], efile, "Orders issued; matter disposed of")
