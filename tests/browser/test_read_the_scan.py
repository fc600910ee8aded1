"""The diarist attaches a scan and presses "Read the scan" before typing anything.

JavaScript on: htmx posts the form without leaving the page, the scans box polls until
the worker has read the scan (real Tesseract, in a real `eoffice worker` beside the
gunicorn the browser talks to), then fills the subject and sender fields that are still
empty — never one the diarist typed. JavaScript off: the page comes back saying the
scan is being read; pressing "Read the scan" again once it is read fills them. Either
way the receipt is then saved with the scan attached and nothing typed lost.
"""
import os
import subprocess
import sys
import time

import pytest

from bench.scans import render_png

from .actions import set_language, sign_in
from .server import ROOT

LETTER = ["Public Works Department Srinagar", "Subject: repair of the road in ward 72"]
SUBJECT = "repair of the road in ward 72"
READ_WITHIN = 90  # seconds: the worker's first Tesseract run on a loaded machine


@pytest.fixture(scope="module")
def worker(portal):
    """`eoffice worker` on the served instance (its Huey store and database)."""
    log = open(os.path.join(portal.instance, "worker.log"), "wb")
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "eoffice",
                                "worker"], cwd=ROOT, env=portal.env, stdout=log,
                               stderr=subprocess.STDOUT)
    yield process
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def _attach_scan(page, name):
    """A scan of its own (bytes after the image's end): not one read before."""
    page.goto("/receipts/new")
    page.locator("#attachments").set_input_files(files=[{
        "name": name, "mimeType": "image/png",
        "buffer": render_png(LETTER, "eng") + name.encode()}])


def _read_button(page):
    return page.locator("button[name=action][value=read]")


def _save(page, name):
    page.locator("#mode").select_option("post")
    page.locator("#category").select_option("general")
    page.locator("button[name=action][value=save]").click()
    page.wait_for_url("**/receipts/*")
    main = page.locator("main").inner_text()
    assert name in main, "the scan is attached to the saved receipt"
    return main


def test_read_the_scan_with_javascript_fills_the_empty_fields_in_place(new_context, worker):
    page = new_context().new_page()
    sign_in(page, "cru.srinagar")
    set_language(page, "en")  # the profile's: other tests may have left it in Urdu
    _attach_scan(page, "pwd-letter.png")
    page.locator("#sender_name").fill("Executive Engineer PWD")  # typed: kept
    page.evaluate("() => { window.stillThisPage = true; }")
    _read_button(page).click()
    box = page.locator("#scan-reading")
    box.get_by_text("Reading the scan").wait_for()
    page.wait_for_function(
        "subject => document.querySelector('#subject').value === subject", arg=SUBJECT,
        timeout=READ_WITHIN * 1000)
    assert page.evaluate("() => window.stillThisPage") is True, "no page load: htmx swapped"
    assert page.url.endswith("/receipts/new")
    assert "First lines of the scan" in box.inner_text()
    assert "Public Works Department Srinagar" in box.inner_text()
    assert page.locator("#sender_name").input_value() == "Executive Engineer PWD"
    assert page.locator("#scan-reading[data-hx-trigger]").count() == 0, "polling stopped"
    main = _save(page, "pwd-letter.png")
    assert SUBJECT in main and "Executive Engineer PWD" in main


def test_read_the_scan_without_javascript_is_a_step_pressed_again(new_context, worker):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "cru.srinagar")
    set_language(page, "en")  # the profile's: other tests may have left it in Urdu
    _attach_scan(page, "ward-72.png")
    _read_button(page).click()
    page.wait_for_load_state()
    assert page.evaluate("() => typeof window.htmx") == "undefined"
    assert "Reading the scan" in page.locator("#scan-reading").inner_text()
    assert page.locator("#subject").input_value() == ""
    deadline = time.monotonic() + READ_WITHIN
    while "First lines of the scan" not in page.locator("#scan-reading").inner_text():
        assert time.monotonic() < deadline, "the worker did not read the scan in time"
        time.sleep(2)
        _read_button(page).click()  # the form again, with the staged scan's token
        page.wait_for_load_state()
    assert page.locator("#subject").input_value() == SUBJECT
    assert page.locator("#sender_name").input_value() == "Public Works Department Srinagar"
    main = _save(page, "ward-72.png")
    assert SUBJECT in main
