"""The dashboard pages: who sees what, htmx fragments, CSV, targets, budget."""
import csv
import gzip
import io
import re

import cachelib.simple
import pytest
from sqlalchemy import select

from eoffice import policy
from eoffice.dak.services import diarise
from eoffice.extensions import cache, db
from eoffice.models import AuditEvent, UnitTarget, User
from tests.conftest import csrf_from, login
from tests.factories import make_user, receipt_data

FEBRUARY = "period=custom&from=2026-02-01&to=2026-02-28"


def signed_in(app, username):
    client = app.test_client()
    login(client, username)
    return client


def rows_of(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("user, allowed, refused", [
    ("cs.it", ["/dashboard/JK", "/dashboard/KMR", "/dashboard/JMU", "/dashboard/SGR-T1",
               "/dashboard/office/DC-JMU", "/dashboard/JMU/ranking.csv"], []),
    ("dc.srinagar", ["/dashboard/SGR", "/dashboard/SGR-T1", "/dashboard/office/DC-SGR",
                     "/dashboard/office/TO-SGR-T1", "/dashboard/SGR/ranking.csv"],
     ["/dashboard/JK", "/dashboard/KMR", "/dashboard/JMU", "/dashboard/office/DC-JMU",
      "/dashboard/JMU/figures.csv", "/dashboard/office/DC-JMU/figures.csv", "/dashboard/NOPE"]),
    ("so.srinagar", ["/dashboard/office/DC-SGR", "/dashboard/office/DC-SGR/figures.csv"],
     ["/dashboard/SGR", "/dashboard/JK", "/dashboard/SGR-T1", "/dashboard/office/TO-SGR-T1",
      "/dashboard/office/DC-JMU", "/dashboard/SGR/figures.csv"]),
    ("tehsildar.khanyar", ["/dashboard/office/TO-SGR-T1"],
     ["/dashboard/SGR-T1", "/dashboard/office/DC-SGR"]),
])
def test_who_sees_which_dashboard(client, org, user, allowed, refused):
    login(client, user)
    for path in allowed:
        assert client.get(path).status_code == 200, path
    for path in refused:
        assert client.get(path).status_code == 404, path


def test_each_lands_on_their_own_dashboard(app, org):
    landing = {"cs.it": "Jammu and Kashmir", "dc.srinagar": "Srinagar",
               "so.srinagar": "Deputy Commissioner Office, Srinagar"}
    for user, name in landing.items():
        page = signed_in(app, user).get("/dashboard").get_data(as_text=True)
        assert f"Adoption dashboard: {name}</h1>" in page, user
    client = signed_in(app, "admin")  # an IT admin holding no post has no dashboard
    assert client.get("/dashboard").status_code == 404
    assert 'href="/dashboard"' not in client.get("/admin/").get_data(as_text=True)


def test_policy(org):
    users, units, offices = org["users"], org["units"], org["offices"]
    assert policy.can_view_dashboard(users["cs.it"], units["jammu"])
    assert policy.can_view_dashboard(users["dc.srinagar"], units["khanyar"])
    assert not policy.can_view_dashboard(users["dc.srinagar"], units["ut"])
    assert not policy.can_view_dashboard(users["dc.srinagar"], units["jammu"])
    assert not policy.can_view_dashboard(users["so.srinagar"], units["srinagar"])
    assert policy.can_view_office_dashboard(users["so.srinagar"], offices["dc_sgr"])
    assert not policy.can_view_office_dashboard(users["so.srinagar"], offices["tehsil"])
    assert policy.can_view_office_dashboard(users["dc.srinagar"], offices["tehsil"])
    assert not policy.can_view_office_dashboard(users["dc.jammu"], offices["tehsil"])


def test_district_page_shows_only_its_subtree(client, known, now):
    login(client, "dc.srinagar")
    page = client.get(f"/dashboard?{FEBRUARY}").get_data(as_text=True)
    assert "Khanyar" in page and "DC Jammu" not in page and "Office, Jammu" not in page
    assert "Deputy Commissioner Office, Srinagar" in page  # an office at district level
    ranking = rows_of(client.get(f"/dashboard/SGR/ranking.csv?{FEBRUARY}"))
    assert [row[0] for row in ranking[1:]] == ["Khanyar"]


def test_figures_csv_matches_the_hand_computed_figures(client, known, now):
    login(client, "dc.srinagar")
    rows = {row[0]: row[1:] for row in rows_of(
        client.get(f"/dashboard/SGR/figures.csv?{FEBRUARY}"))}
    assert rows["Figure"] == ["This period", "Previous period", "Difference"]
    assert rows["E-files created"] == ["4", "1", "+3"]  # January: F5
    assert rows["Electronic share of files"] == ["80.0", "100.0", "-20.0"]
    assert rows["Electronic share of receipts"] == ["83.3", "0.0", "+83.3"]
    assert rows["File and receipt movements"] == ["12", "1", "+11"]
    assert rows["Active users (acted in the period)"] == ["5", "2", "+3"]
    assert rows["Files closed"] == ["4", "0", "+4"]
    assert rows["Median days from opening to closing"] == ["13.00", "", ""]
    pendency = rows_of(client.get(f"/dashboard/SGR/pendency.csv?{FEBRUARY}"))
    assert [row[1] for row in pendency[1:]] == ["2", "2", "4", "6", "14", "1"]
    assert pendency[1][0] == "0–7 days", "the page's bidi isolates stay out of the CSV"
    posts = rows_of(client.get(f"/dashboard/SGR/posts.csv?{FEBRUARY}"))
    assert posts[1] == ["CRU Srinagar", "Deputy Commissioner Office, Srinagar", "6", "0"]
    assert posts[2] == ["SO (Gen) Srinagar", "Deputy Commissioner Office, Srinagar", "5", "1"]


def test_ut_ranking_flags_the_laggard_and_sorts(client, known, now):
    login(client, "cs.it")
    ranking = rows_of(client.get(f"/dashboard/JK/ranking.csv?{FEBRUARY}"))
    header = ranking[0]
    by_name = {row[0]: dict(zip(header, row)) for row in ranking[1:]}
    assert set(by_name) == {"Srinagar", "Jammu"}
    assert by_name["Jammu"]["Lagging"] == "yes"  # only a physical file
    assert by_name["Srinagar"]["Lagging"] == ""
    assert by_name["Srinagar"]["E-file share"] == "80.0"
    page = client.get(f"/dashboard/JK?{FEBRUARY}&sort=name&dir=desc").get_data(as_text=True)
    page = page[page.index('id="t-ranking"'):]  # the ranking table (the lagging come first)
    assert page.index(">Srinagar</a>") < page.index(">Jammu</a>")
    assert 'aria-sort="descending"' in page
    ascending = client.get(f"/dashboard/JK?{FEBRUARY}&sort=name&dir=asc").get_data(as_text=True)
    ascending = ascending[ascending.index('id="t-ranking"'):]
    assert ascending.index(">Jammu</a>") < ascending.index(">Srinagar</a>")
    departments = rows_of(client.get(f"/dashboard/JK/departments.csv?{FEBRUARY}"))
    assert {row[0] for row in departments[1:]} == {"General Administration", "Revenue",
                                                    "Information Technology"}


def test_department_filter(client, known, now):
    login(client, "cs.it")
    revenue = rows_of(client.get(f"/dashboard/JK/figures.csv?{FEBRUARY}&dept=REV"))
    assert revenue[4][:2] == ["E-receipts diarised", "1"]  # R6, the tehsil's
    assert client.get("/dashboard/JK?dept=NOPE").status_code == 422


def test_htmx_swaps_only_the_dashboard(client, known, now):
    login(client, "dc.srinagar")
    response = client.get("/dashboard/SGR-T1?period=last_month", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" not in html and html.lstrip().startswith('<div id="dashboard"')
    assert "<title>Dashboard · Khanyar · eoffice</title>" in html
    assert 'hx-get="/dashboard/SGR-T1?period=week"' in html
    assert len(gzip.compress(response.get_data(), 9)) < 10 * 1024
    page = client.get("/dashboard/SGR-T1?period=last_month").get_data(as_text=True)
    assert "<html" in page and 'href="/dashboard/SGR-T1?period=week"' in page


def test_bad_period_is_a_clear_422(client, org):
    login(client, "dc.srinagar")
    response = client.get("/dashboard/SGR?period=custom&from=2026-03-05&to=2026-03-01")
    assert response.status_code == 422
    assert "The period cannot end before it starts." in response.get_data(as_text=True)
    fragment = client.get("/dashboard?period=custom&from=junk", headers={"HX-Request": "true"})
    assert fragment.status_code == 422 and "<html" not in fragment.get_data(as_text=True)
    assert client.get("/dashboard/SGR/figures.csv?period=fortnight").status_code == 422
    assert client.get("/dashboard/SGR/nonsense.csv").status_code == 404


def test_charts_are_inline_svg_with_names(client, known, now):
    login(client, "dc.srinagar")
    page = client.get(f"/dashboard?{FEBRUARY}").get_data(as_text=True)
    assert page.count('<svg class="chart"') == 5 and page.count('role="img"') == 5
    assert 'aria-label="Movements per week, from' in page
    assert "<script" not in page.split("<main")[1] and "style=" not in page


def test_it_admin_sets_targets(app, known, now, org):
    client = signed_in(app, "admin")
    assert 'href="/dashboard/targets"' in client.get("/admin/").get_data(as_text=True)
    assert client.get("/dashboard/targets").headers["Location"].endswith("/dashboard/JK/targets")
    page = client.get("/dashboard/SGR/targets").get_data(as_text=True)
    assert "Onboarded today: 2 offices and 5 users." in page
    token = csrf_from(page)
    bad = client.post("/dashboard/SGR/targets", data={"csrf_token": token,
                                                       "offices_target": "-1"})
    assert bad.status_code == 422 and db.session.get(UnitTarget, org["units"]["srinagar"].id) is None
    saved = client.post("/dashboard/SGR/targets", data={"csrf_token": token, "offices_target": "4",
                                                         "users_target": "10"})
    assert saved.status_code == 303
    target = db.session.get(UnitTarget, org["units"]["srinagar"].id)
    assert (target.offices_target, target.users_target) == (4, 10)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "target.set"))
    client = signed_in(app, "dc.srinagar")
    token = csrf_from(client.get("/inbox").get_data(as_text=True))
    assert client.post("/dashboard/SGR/targets", data={"csrf_token": token}).status_code == 404
    assert client.get("/dashboard/SGR/targets").status_code == 404
    assert client.get("/dashboard/targets").status_code == 404
    targets = rows_of(client.get(f"/dashboard/SGR/targets.csv?{FEBRUARY}"))
    assert targets[1] == ["Offices", "2", "4", "50.0"]
    assert targets[2] == ["Users", "5", "10", "50.0"]


def test_nav_links_to_the_dashboard(client, org):
    login(client, "so.srinagar")
    assert 'href="/dashboard"' in client.get("/inbox").get_data(as_text=True)


def test_figures_are_kept_for_the_cache_time_and_nothing_personal_is_kept(
        app, known, now, org, monkeypatch):
    """With DASHBOARD_CACHE_SECONDS set, the figures part of a dashboard is computed once
    for everyone who may see it and recomputed after that many seconds; links that
    depend on who is looking (Set targets) are not part of what is kept.
    The cache's clock is driven by the test: SimpleCache rounds expiry down to whole
    seconds, so a real short timeout could end at once."""
    clock = [1_000_000.0]
    monkeypatch.setattr(cachelib.simple, "time", lambda: clock[0])
    app.config["DASHBOARD_CACHE_SECONDS"] = 60
    cache.clear()
    try:
        make_user("it.lead", org["posts"]["cs"], roles=("it_admin",), kind="additional")
        db.session.commit()
        figures = lambda page: page.split('<ul class="kpis">')[1]  # noqa: E731
        lead = signed_in(app, "it.lead").get("/dashboard/JK").get_data(as_text=True)
        assert 'href="/dashboard/JK/targets"' in lead and "Figures as of 10-03-2026" in lead
        watcher = signed_in(app, "cs.it")
        seen = watcher.get("/dashboard/JK").get_data(as_text=True)
        assert 'href="/dashboard/JK/targets"' not in seen
        assert figures(seen) == figures(lead)
        diarise(org["users"]["cru.srinagar"], org["posts"]["cru"], receipt_data())
        db.session.commit()
        clock[0] += 59
        assert figures(watcher.get("/dashboard/JK").get_data(as_text=True)) == figures(seen)
        clock[0] += 2
        fresh = figures(watcher.get("/dashboard/JK").get_data(as_text=True))
        assert fresh != figures(seen)
        assert signed_in(app, "dc.srinagar").get("/dashboard/JK").status_code == 404
    finally:
        app.config["DASHBOARD_CACHE_SECONDS"] = 0
        cache.clear()


def test_kept_figures_are_gzipped_once_and_the_page_inflates_to_what_was_rendered(
        app, known, now, monkeypatch):
    """A page showing kept figures is one gzip stream made of the page around them,
    deflated per request, and the figures' own stream, deflated once when kept: it
    inflates to exactly the HTML of the same request sent uncompressed (the CSRF masks
    aside), for each user and language, with its length and check sum right (Python's
    gzip checks both); a client that takes no gzip gets the HTML itself, the figures in
    their place."""
    from eoffice import kept_gzip

    deflated = []
    made = kept_gzip._deflated
    monkeypatch.setattr(kept_gzip, "_deflated",
                        lambda data, *a: deflated.append(len(data)) or made(data, *a))
    app.config["DASHBOARD_CACHE_SECONDS"] = 60
    cache.clear()
    try:
        masks = re.compile(r'value="[^"]+"|"X-CSRFToken": "[^"]+"')
        for user, path, language in (("cs.it", "/dashboard/JK", "en"),
                                     ("dc.srinagar", "/dashboard/SGR", "en"),
                                     ("dc.srinagar", "/dashboard/SGR", "ur")):
            db.session.scalar(select(User).where(User.username == user)).language = language
            db.session.commit()
            client = signed_in(app, user)
            plain = client.get(path, headers={"Accept-Encoding": "identity"})
            assert "Content-Encoding" not in plain.headers
            # the figures are put in the page's mark for them, which never leaves
            assert 'class="kpis"' in plain.get_data(as_text=True)
            assert "<!--kept" not in plain.get_data(as_text=True)
            for _ in range(2):
                deflated.clear()
                zipped = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
                assert zipped.headers["Content-Encoding"] == "gzip"
                assert "Accept-Encoding" in zipped.headers["Vary"]
                assert int(zipped.headers["Content-Length"]) == len(zipped.get_data())
                page = gzip.decompress(zipped.get_data()).decode()
                assert masks.sub("", page) == masks.sub("", plain.get_data(as_text=True))
                assert ("Figures as of" in page) == (language == "en")
                assert f'<html lang="{language}"' in page
                # the figures were not deflated again: only the page before and after them
                assert len(deflated) == 2 and sum(deflated) < len(page) / 2
    finally:
        app.config["DASHBOARD_CACHE_SECONDS"] = 0
        cache.clear()


def test_a_kept_parts_check_sum_combines_with_the_page_around_it():
    """The gzip trailer's CRC-32 of the whole page, from the kept part's own and the
    page's before it, as zlib counts it over all the bytes."""
    import os
    import zlib

    from eoffice.kept_gzip import _crc_shift, _shifted

    for before, kept in ((b"", b""), (b"<p>", b""), (b"", b"x"), (os.urandom(999), os.urandom(52_001))):
        assert zlib.crc32(before + kept) == \
            _shifted(zlib.crc32(before), _crc_shift(len(kept))) ^ zlib.crc32(kept)


def test_the_dashboard_answers_who_is_lagging_first(client, known, now):
    """Headline figures, who lags and the ranking open the page; the detail tables come
    after, folded in <details> (which open without JavaScript)."""
    login(client, "cs.it")
    page = client.get(f"/dashboard/JK?{FEBRUARY}").get_data(as_text=True)
    order = [page.index(mark) for mark in ('class="kpis"', 'id="t-lagging"', 'id="t-ranking"',
                                           'id="t-figures"', 'id="t-posts"', 'id="t-trends"')]
    assert order == sorted(order)
    headline = page[page.index('id="t-lagging"'):page.index('id="t-ranking"')]
    assert "2 of 3 lag:" in headline and ">Jammu</a>" in headline  # and the IT office
    assert ">Srinagar</a>" not in headline
    details = page[page.index("<details"):]
    assert 'id="t-posts"' in details and 'id="t-trends"' in details
    assert 'id="t-ranking"' not in details and 'id="t-figures"' not in details
