"""The send form never drops a recipient: posts ticked in one search stay in the tray
through the next ones, with JavaScript on and off, and every one of them gets the item."""
import re
import time

import pytest

from .test_main_path import as_user, submit_send


def diarise(page, subject):
    page.goto("/receipts/new")
    page.locator("#subject").fill(subject)
    page.locator("#sender_name").fill("Ghulam Nabi")
    page.locator("input[name=form][value=physical]").check()
    page.locator("button[name=action][value=send]").click()
    page.wait_for_url(re.compile(r".*/receipts/\d+/send"))


def tick(page, search, label, js):
    page.locator("#ab-q").fill(search)
    if not js:
        page.locator("#send-form button[name=step][value=find]").click()
    option = page.locator("#post-results label", has_text=re.compile("^" + re.escape(label) + " —"))
    option.first.wait_for()
    option.first.click()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_recipients_are_kept_across_searches_and_all_receive_the_item(new_context, js):
    subject = f"Tray {'js' if js else 'no-js'} {time.time_ns()}"
    cru = as_user(new_context, "cru.srinagar", js)
    diarise(cru, subject)
    tick(cru, "DC Srinagar", "DC Srinagar", js)
    cru.locator("#remarks").fill("For information and necessary action")
    tick(cru, "tehsildar khanyar", "Tehsildar Khanyar", js)
    tick(cru, "ADC Srinagar", "ADC Srinagar", js)
    if not js:  # the last tick joins the tray with the next search (or at Send)
        cru.locator("#ab-q").fill("")
        cru.locator("#send-form button[name=step][value=find]").click()
    tray = cru.locator("#tray")
    for label in ("DC Srinagar —", "Tehsildar Khanyar —", "ADC Srinagar —"):
        tray.locator("label", has_text=label).first.wait_for()
    assert cru.locator("#remarks").input_value() == "For information and necessary action"
    if not js:
        cru.locator("#send-form button[name=step][value=review]").click()
        final = cru.locator(".final-list").inner_text()
        assert all(name in final for name in ("DC Srinagar", "Tehsildar Khanyar", "ADC Srinagar"))
        cru.locator("#send-form button[name=step][value=send]").click()
    else:
        submit_send(cru, js)
    cru.wait_for_url("**/inbox")

    for username in ("dc.srinagar", "tehsildar.khanyar", "adc.srinagar"):
        reader = as_user(new_context, username, js)
        row = reader.locator("tr", has_text=subject)
        assert row.count() == 1, f"{username} got the receipt"
        assert "For information and necessary action" in row.inner_text()
        reader.context.close()
