"""Search and the SQL filter see exactly what can_view lets each user see."""
from sqlalchemy import select

from eoffice import policy
from eoffice.dak.services import put_in_file
from eoffice.extensions import db
from eoffice.models import EFile, Receipt
from eoffice.movement import services as movement
from eoffice.search.services import search
from tests.factories import make_file, make_receipt, make_user


def _items(org):
    users, posts = org["users"], org["posts"]
    cru, so, tehsildar = users["cru.srinagar"], users["so.srinagar"], users["tehsildar.khanyar"]
    items = {}
    items["plain"] = make_receipt(cru, subject="wordplain")
    items["confidential"] = make_receipt(cru, subject="wordconf", grading="secret")
    movement.send(cru, items["confidential"], [posts["so"].id])
    items["sent_file"] = make_file(so, subject="wordsent")
    movement.send(so, items["sent_file"], [posts["adc"].id])
    items["tehsil_secret"] = make_file(tehsildar, subject="wordteh", grading="top_secret")
    items["jammu"] = make_file(users["dc.jammu"], subject="wordjammu")
    inner = make_receipt(cru, subject="wordinner", grading="confidential")
    movement.send(cru, inner, [posts["so"].id])
    db.session.commit()
    holder = make_file(so, subject="wordholder", grading="confidential")
    put_in_file(so, inner, holder)
    movement.send(so, holder, [posts["dc"].id])
    items["inner"], items["holder"] = inner, holder
    open_file = make_file(so, subject="wordopenfile", grading="confidential")
    items["in_open_file"] = make_receipt(cru, subject="wordinopen", grading="confidential")
    movement.send(cru, items["in_open_file"], [posts["so"].id])
    db.session.commit()
    put_in_file(so, items["in_open_file"], open_file)
    open_file.grading = "normal"  # filed before a receipt had to fit its file's grading
    items["parked"] = make_receipt(cru, subject="wordparked")
    movement.park(cru, items["parked"])
    db.session.commit()
    return items


def test_can_view_sql_filter_and_search_agree(org):
    items = _items(org)
    users = dict(org["users"])
    users["acting"] = make_user("acting.so", org["posts"]["so"], kind="additional")
    db.session.commit()
    seen = set()
    for name, user in users.items():
        for label, item in items.items():
            model = type(item)
            allowed = policy.can_view(user, item)
            by_filter = db.session.scalar(select(model.id).where(
                model.id == item.id, policy.visible_filter(user, model))) is not None
            word = item.subject
            by_search = [(hit.kind, hit.item.id) for hit in search(user, word).items]
            expected = [(item.kind, item.id)] if allowed else []
            assert by_filter == allowed, (name, label)
            assert by_search == expected, (name, label)
            if allowed:
                seen.add((name, label))
    # the matrix covers both answers for the interesting cases
    assert ("dc.srinagar", "inner") in seen and ("cs.it", "inner") not in seen
    assert ("cs.it", "plain") in seen and ("cs.it", "confidential") not in seen
    assert ("so.srinagar", "confidential") in seen and ("adc.srinagar", "confidential") not in seen
    assert ("dc.jammu", "jammu") in seen and ("dc.srinagar", "jammu") not in seen
    assert ("acting", "confidential") in seen
    # a confidential receipt in an open file is seen by whoever may see the file
    assert ("cs.it", "in_open_file") in seen and ("dc.jammu", "in_open_file") not in seen


def test_sql_filter_lists_the_same_set_as_can_view(org):
    _items(org)
    for user in org["users"].values():
        for model in (EFile, Receipt):
            listed = set(db.session.scalars(select(model.id).where(
                policy.visible_filter(user, model))))
            expected = {item.id for item in db.session.scalars(select(model))
                        if policy.can_view(user, item)}
            assert listed == expected, (user.username, model.__name__)
