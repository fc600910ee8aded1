"""The main path clicked through as officials would, with JavaScript on and off:
diarise -> send -> open -> file -> note -> send up -> the DC's inbox -> dashboard."""
import re
import time

import pytest

from .actions import set_language, sign_in
from .server import DEMO_PASSWORD


def as_user(new_context, username, js):
    page = new_context(java_script_enabled=js).new_page()
    sign_in(page, username)
    set_language(page, "en")
    return page


def choose_recipient(page, search, label, js):
    """Find a post in the address book on the send page and tick it: it joins the tray
    ("Will be sent to") at once with JavaScript, at the next search or Send without."""
    box = page.locator("#ab-q")
    if js:  # htmx swaps the results in as one types; a tick made before they arrive is
        # lost when they do, so tick what was found (as a person would)
        with page.expect_response(lambda response: "q=" in response.url):
            box.fill(search)
        page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
    else:
        box.fill(search)
        page.locator("#send-form button[name=step][value=find]").click()
    option = page.locator("#post-results label", has_text=label).first
    option.wait_for()
    option.click()
    if js:
        page.locator("#tray label", has_text=label).first.wait_for()


def submit_send(page, js, password=None):
    """Press Send; without JavaScript the final list comes first, then "Send now"."""
    if password and js:
        page.locator("#send-form input[type=password]").fill(password)
    page.locator("#send-form button[name=step][value=review]").click()
    if not js:
        page.locator("#review-title").wait_for()
        if password:
            page.locator("#send-form input[type=password]").fill(password)
        page.locator("#send-form button[name=step][value=send]").click()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_main_path(new_context, js):
    subject = f"Main path {'js' if js else 'no-js'} {time.time_ns()}"
    cru = as_user(new_context, "cru.srinagar", js)
    cru.goto("/receipts/new")
    cru.locator("#subject").fill(subject)
    cru.locator("#sender_name").fill("Mohammad Yousuf")
    cru.locator("#mode").select_option("hand")
    cru.locator("#category").select_option("application")
    cru.locator("input[name=form][value=physical]").check()
    cru.locator("button[name=action][value=send]").click()
    cru.wait_for_url(re.compile(r".*/receipts/\d+/send"))
    receipt_url = cru.url.rsplit("/send", 1)[0]
    choose_recipient(cru, "SO (Gen) Srinagar", "SO (Gen) Srinagar", js)
    submit_send(cru, js)
    cru.wait_for_url("**/inbox")
    assert "Sent to SO (Gen) Srinagar" in cru.locator("main").inner_text()

    so = as_user(new_context, "so.srinagar", js)
    row = so.locator("tr.row-unread", has_text=subject)
    assert row.count() == 1, "the receipt waits unread in the section officer's inbox"
    row.locator("a").first.click()
    so.wait_for_url(receipt_url)
    so.locator("a", has_text="Open a new file with this receipt").click()
    so.locator("#subject").fill(subject)
    so.locator("#head").fill("REV")
    so.locator("main form button[type=submit]").click()
    so.wait_for_url(re.compile(r".*/files/\d+$"))
    file_url = so.url
    file_no = so.locator("#cover dd").first.inner_text()
    so.locator("#note-form textarea").fill(
        "<p>The complainant seeks <strong>correction</strong> of the record. Submitted for orders.</p>")
    so.locator("#note-form button[type=submit]").click()
    so.wait_for_url(re.compile(r".*/files/\d+.*"))
    assert "correction" in so.locator("#noting").inner_text()
    so.locator("a.button", has_text="Send").click()
    choose_recipient(so, "ADC Srinagar", "ADC Srinagar", js)
    submit_send(so, js, password=DEMO_PASSWORD)  # the password signs the note
    so.wait_for_url("**/inbox")

    adc = as_user(new_context, "adc.srinagar", js)
    adc.locator("tr.row-unread", has_text=subject).locator("a").first.click()
    adc.wait_for_url(file_url)
    adc.locator("a.button", has_text="Send").click()
    adc.locator("#post-results label", has_text="DC Srinagar").first.click()  # suggested: up the chain
    submit_send(adc, js)
    adc.wait_for_url("**/inbox")

    dc = as_user(new_context, "dc.srinagar", js)
    assert dc.locator("tr.row-unread", has_text=file_no).count() == 1
    dc.goto(file_url + "/history")
    history = dc.locator("#history").inner_text()
    for label in ("CRU Srinagar", "SO (Gen) Srinagar", "ADC Srinagar", "DC Srinagar"):
        assert label in history
    dc.goto(file_url)
    assert dc.locator("#noting .note-final").count() == 1, "the note became final on sending"
    dc.locator("nav a", has_text="Dashboard").first.click()
    dc.wait_for_url("**/dashboard**")
    assert "Srinagar" in dc.locator("main h1").inner_text(), "the DC lands on their district"
    assert dc.locator("main svg").count() >= 1, "with its trend charts"
