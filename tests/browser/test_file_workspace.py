"""The file as one workspace, in a real browser with JavaScript on and off: the letter
beside the notes, turned page by page; and on a 1366x768 screen the first view holds
the cover, the last note and the letter, with the action bar in reach."""
import os
import re
import time

import pytest

from .actions import set_language, sign_in

LETTER = os.path.join(os.path.dirname(__file__), "..", "..", "eoffice", "demo", "letter.pdf")
LAPTOP = {"width": 1366, "height": 768}


def file_with_letter_and_notes(page, subject):
    # the language is the profile's, which other tests on this portal may have changed
    page.goto("/inbox")
    set_language(page, "en")
    page.goto("/receipts/new")
    page.locator("#subject").fill(subject)
    page.locator("#sender_name").fill("Abdul Rashid Bhat")
    page.locator("input[name=form][value=electronic]").check()
    page.locator("#attachments").set_input_files(LETTER)
    page.locator("button[name=action][value=save]").click()
    page.wait_for_url(re.compile(r".*/receipts/\d+$"))
    page.locator("a", has_text="Open a new file with this receipt").click()
    page.locator("#subject").fill(subject)
    page.locator("#head").fill("EDU")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/files/\d+$"))
    file_url = page.url
    for text in ("The headmaster reports a leaking roof and two closed classrooms. " * 4,
                 "The estimate of the Junior Engineer is placed below. " * 3,
                 "Submitted for sanction of Rs. 4,85,000 from the district plan."):
        page.locator("#note-form textarea").fill(text)
        page.locator("#note-form button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/files/\d+.*"))
    return file_url


def box(page, selector):
    return page.locator(selector).last.bounding_box()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_first_screen_shows_cover_last_note_and_letter_beside_each_other(new_context, js):
    subject = f"Workspace {'js' if js else 'no-js'} {time.time_ns()}"
    so = new_context(java_script_enabled=js, viewport=LAPTOP).new_page()
    sign_in(so, "so.srinagar")
    file_url = file_with_letter_and_notes(so, subject)

    so.goto(file_url)
    image = so.locator("#letter .letter-frame img")
    image.wait_for()
    so.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    cover, last_note, letter, noting = (box(so, "#cover"), box(so, "#noting li.note"),
                                        box(so, "#letter .letter-frame"), box(so, "#noting"))
    assert cover["y"] + cover["height"] <= LAPTOP["height"], "the cover fits the first screen"
    assert last_note["y"] + last_note["height"] <= LAPTOP["height"], "so does the last note"
    assert "Submitted for sanction" in so.locator("#noting li.note").last.inner_text()
    assert letter["y"] + 250 <= LAPTOP["height"], "and the letter, a good part of its page"
    assert letter["x"] >= noting["x"] + noting["width"] - 1, "beside the notes, not under them"
    assert so.locator(".actionbar a.button", has_text="Send").is_visible()

    so.locator("#letter a", has_text="Next page").click()
    so.locator("#letter", has_text="Page 2 of 2").wait_for()
    assert "/pages/2" in so.locator("#letter .letter-frame img").get_attribute("src")
    if js:
        assert so.url == file_url, "htmx turned the page inside the viewer"

    so.mouse.wheel(0, 1500)  # a long read: the actions stay in reach
    so.wait_for_timeout(200)
    bar = box(so, ".actionbar")
    assert 0 <= bar["y"] < 10, "the action bar stays at the top while reading"
