"""A known data set, built through the services at chosen times (travel_to), whose
figures are worked out by hand in the tests.

Times are 06:00 UTC (11:30 in Srinagar) unless said otherwise; "now" is 10-03-2026.
Srinagar district = DC Office Srinagar (so, adc, dc, cru) + Tehsil Office Khanyar.

January 2026 (the period before February):
  F5  e-file   so, 20-01; so->adc 21-01                      (closed in February)
  R5  physical cru, 15-01; stays with cru                     pending 54 days
February 2026:
  F1  e-file   so, 02-02; so->adc 03-02, adc->dc 05-02, dc->so 09-02; closed 12-02
               (10 days; posts so, adc, dc = 3)
  F2  e-file   so, 04-02; so->adc 04-02, adc->dc 06-02, dc->so 08-02; closed 20-02
               (16 days; 3 posts)
  F3  physical so, 10-02; so->tehsildar 11-02                 pending 27 days (tehsil)
  F4  e-file   so, 15-02; closed 15-02                        (0 days; 1 post)
  F5           adc->so 24-02; closed 25-02                    (36 days; 2 posts)
  F6  e-file   so, 05-02; closed 06-02, reopened 07-02        pending 33 days
  R1  e        cru, 02-02; cru->so 03-02; parked 02-03        pending 35 days
  R2  e        cru, 03-02; cru->so and a copy to adc 03-02    pending 35 days, twice
  R3  physical cru, 10-02; cru->so 10-02                      pending 28 days
  R6  e        tehsildar, 12-02                               pending 26 days (tehsil)
  R10 e        cru, 08-02                                     pending 30 days
  R11 e        cru, 07-02                                     pending 31 days
  R4  e        cru, 28-02 20:00 UTC = 01-03 01:30 in Srinagar: a March receipt,
               pending 9 days
  F7  physical dc.jammu, 08-02 (Jammu district)               pending 30 days
March 2026:
  R9  e        cru, 02-03                                     pending 8 days
  R8  e        cru, 03-03                                     pending 7 days
  R7  e        cru, 09-03; cru->so due 09-03                  pending 1 day, overdue
"""
from datetime import date, datetime

import pytest

from eoffice.clock import travel_to
from eoffice.dak.services import diarise
from eoffice.extensions import db
from eoffice.files.services import create_file
from eoffice.movement.services import close, park, reopen, send
from tests.factories import receipt_data

NOW = datetime(2026, 3, 10, 6, 0)
FEBRUARY = (date(2026, 2, 1), date(2026, 2, 28))
JANUARY = (date(2026, 1, 1), date(2026, 1, 31))


def at(month, day, hour=6):
    return datetime(2026, month, day, hour, 0)


def _file(user, moment, electronic=True, head="REV"):
    with travel_to(moment):
        return create_file(user, user.current_posts()[0], "Land record correction", "general",
                           head, is_electronic=electronic)


def _receipt(user, moment, electronic=True):
    with travel_to(moment):
        return diarise(user, user.current_posts()[0], receipt_data(
            received_on=moment.date(), letter_date=None, is_electronic=electronic))


def _do(moment, action, *args, **kwargs):
    with travel_to(moment):
        action(*args, **kwargs)


def _route(item, steps):
    """steps: (month, day, from_user, to_post)."""
    for month, day, user, post in steps:
        _do(at(month, day), send, user, item, [post.id])


def build_known(org):
    users, posts = org["users"], org["posts"]
    so, adc, dc, cru = (users[name] for name in ("so.srinagar", "adc.srinagar", "dc.srinagar",
                                                  "cru.srinagar"))
    tehsildar = users["tehsildar.khanyar"]
    items = {}
    items["F5"] = f5 = _file(so, at(1, 20))
    _route(f5, [(1, 21, so, posts["adc"])])
    items["R5"] = _receipt(cru, at(1, 15), electronic=False)

    items["F1"] = f1 = _file(so, at(2, 2))
    _route(f1, [(2, 3, so, posts["adc"]), (2, 5, adc, posts["dc"]), (2, 9, dc, posts["so"])])
    _do(at(2, 12), close, so, f1, "Disposed")
    items["F2"] = f2 = _file(so, at(2, 4))
    _route(f2, [(2, 4, so, posts["adc"]), (2, 6, adc, posts["dc"]), (2, 8, dc, posts["so"])])
    _do(at(2, 20), close, so, f2, "Disposed")
    items["F3"] = f3 = _file(so, at(2, 10), electronic=False)
    _route(f3, [(2, 11, so, posts["tehsildar"])])
    items["F4"] = f4 = _file(so, at(2, 15))
    _do(at(2, 15, 9), close, so, f4, "Nothing to do")
    _route(f5, [(2, 24, adc, posts["so"])])
    _do(at(2, 25), close, so, f5, "Disposed")
    items["F6"] = f6 = _file(so, at(2, 5))
    _do(at(2, 6), close, so, f6, "Disposed")
    _do(at(2, 7), reopen, so, f6)

    items["R1"] = r1 = _receipt(cru, at(2, 2))
    _route(r1, [(2, 3, cru, posts["so"])])
    _do(at(3, 2), park, so, r1)
    items["R2"] = r2 = _receipt(cru, at(2, 3))
    _do(at(2, 3), send, cru, r2, [posts["so"].id, posts["adc"].id])
    items["R3"] = r3 = _receipt(cru, at(2, 10), electronic=False)
    _route(r3, [(2, 10, cru, posts["so"])])
    items["R6"] = _receipt(tehsildar, at(2, 12))
    items["R10"] = _receipt(cru, at(2, 8))
    items["R11"] = _receipt(cru, at(2, 7))
    items["R4"] = _receipt(cru, at(2, 28, 20))
    # file numbers do not name the office: another head keeps Jammu's apart
    items["F7"] = _file(users["dc.jammu"], at(2, 8), electronic=False, head="JMU")

    items["R9"] = _receipt(cru, at(3, 2))
    items["R8"] = _receipt(cru, at(3, 3))
    items["R7"] = r7 = _receipt(cru, at(3, 9))
    _do(at(3, 9), send, cru, r7, [posts["so"].id], due_on=date(2026, 3, 9))
    db.session.commit()  # one transaction, as the services only flush
    return items


@pytest.fixture
def known(org, _snapshots):
    return _snapshots.prepared("known", after="org", build=lambda: build_known(org))


@pytest.fixture
def now():
    """Read the dashboards on 10-03-2026."""
    with travel_to(NOW):
        yield NOW
