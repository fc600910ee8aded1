"""Writing tools in a real browser: the formatting toolbar (JavaScript on; without it the
help says what to type) and discarding a draft paragraph in two steps."""
import re
import time

import pytest

from .test_main_path import as_user


def new_file(page, subject):
    page.goto("/files/new")
    page.locator("#subject").fill(subject)
    page.locator("#head").fill("REV")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/files/\d+$"))
    return page.url


def test_the_toolbar_types_the_allowed_markup(new_context):
    so = as_user(new_context, "so.srinagar", True)
    new_file(so, f"Toolbar {time.time_ns()}")
    box = so.locator("#note-form textarea")
    bar = so.locator("#note-form .toolbar")
    assert bar.is_visible()
    box.fill("Roof leaks")
    box.select_text()
    bar.locator("button", has_text="Bold").click()
    assert box.input_value() == "<b>Roof leaks</b>"
    box.press("End")
    box.type("\n")
    bar.locator("button", has_text="Quote").click()
    box.type("as reported")
    bar.locator("button", has_text="List").click()
    box.type("Estimate")
    assert box.input_value() == ("<b>Roof leaks</b>\n<blockquote>as reported<ul>\n<li>Estimate</li>\n"
                                 "</ul></blockquote>")
    so.locator("#note-form button[type=submit]").click()
    so.wait_for_url(re.compile(r".*/files/\d+.*"))
    note = so.locator("#noting li.note").last
    assert note.locator("b", has_text="Roof leaks").count() == 1
    assert note.locator("blockquote li", has_text="Estimate").count() == 1


def test_without_javascript_the_help_explains_the_tags(new_context):
    so = as_user(new_context, "so.srinagar", False)
    new_file(so, f"No toolbar {time.time_ns()}")
    assert not so.locator("#note-form .toolbar").is_visible()
    so.locator("#note-form summary", has_text="How to format a note").click()
    help_text = so.locator("#note-form .format-help").inner_text()
    assert "<blockquote>" in help_text and "<b>" in help_text


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_discarding_a_paragraph_asks_first(new_context, js):
    so = as_user(new_context, "so.srinagar", js)
    file_url = new_file(so, f"Discard {'js' if js else 'no-js'} {time.time_ns()}")
    so.locator("#note-form textarea").fill("A paragraph written in haste.")
    so.locator("#note-form button[type=submit]").click()
    so.wait_for_url(re.compile(r".*/files/\d+.*"))
    confirm = so.locator("#noting button", has_text="Yes, discard paragraph 1")
    assert not confirm.is_visible()
    so.locator("#noting summary", has_text="Discard paragraph 1").click()
    confirm.wait_for()
    so.goto(file_url)  # changed one's mind: nothing was discarded
    assert so.locator("#noting li.note").count() == 1
    so.locator("#noting summary", has_text="Discard paragraph 1").click()
    so.locator("#noting button", has_text="Yes, discard paragraph 1").click()
    so.wait_for_url(re.compile(r".*/files/\d+.*"))
    assert "Draft paragraph 1 discarded." in so.locator("main").inner_text()
    assert so.locator("#noting li.note").count() == 0
