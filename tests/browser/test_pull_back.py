"""Pulling back from the Sent list when the recipient has opened the item meanwhile:
the list stays (refreshed, saying who opened it when) with JavaScript on; without it a
page says so and leads back to the file."""
import re
import time

import pytest

from .test_main_path import as_user, choose_recipient, submit_send


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_refused_pull_back_says_why_and_keeps_the_list(new_context, js):
    subject = f"Pull back {'js' if js else 'no-js'} {time.time_ns()}"
    so = as_user(new_context, "so.srinagar", js)
    so.goto("/files/new")
    so.locator("#subject").fill(subject)
    so.locator("#head").fill("REV")
    so.locator("main form button[type=submit]").click()
    so.wait_for_url(re.compile(r".*/files/\d+$"))
    file_url = so.url
    so.locator("a.button", has_text="Send").click()
    choose_recipient(so, "ADC Srinagar", "ADC Srinagar", js)
    submit_send(so, js)
    so.wait_for_url("**/inbox")
    so.goto("/inbox?view=sent")
    row = so.locator("#item-list tr", has_text=subject)
    assert row.locator("button", has_text="Pull back").count() == 1

    adc = as_user(new_context, "adc.srinagar", js)
    adc.goto(file_url)  # opened before the section officer pulls it back

    row.locator("button", has_text="Pull back").click()
    if js:
        message = so.locator("#item-list .flash", has_text="already opened by")
        message.wait_for()
        assert so.url.endswith("/inbox?view=sent")
        refreshed = so.locator("#item-list tr", has_text=subject)
        assert refreshed.count() == 1 and "Opened" in refreshed.inner_text()
    else:
        so.wait_for_load_state()
        said = so.locator("main").inner_text()
        assert "already opened by" in said and "ADC Srinagar" in said, said
        so.locator("main a", has_text="Back to").first.click()
        so.wait_for_url(file_url)
