"""On a 390 px phone no main page scrolls sideways (wide tables scroll inside their own
box), and the inbox's first screen shows items, not only the header and filters."""
from .actions import open_signed_in, sign_in
from .pages import MAIN_PAGES, MainPage

PHONE = {"width": 390, "height": 844}
EXTRA = [MainPage("readiness", "/reports/readiness", user="dc.srinagar"),
         MainPage("workshops", "/reports/workshops", user="dc.srinagar"),
         MainPage("send", "/receipts/1/send", user="cru.srinagar")]


def test_no_main_page_scrolls_sideways_on_a_phone(new_context):
    too_wide = []
    by_user = {}
    for main_page in MAIN_PAGES + EXTRA:
        by_user.setdefault(main_page.user, []).append(main_page)
    for user, pages in by_user.items():
        page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        if user:
            open_signed_in(page, user)
        for main_page in pages:
            response = page.goto(main_page.path)
            if response.status == 403:
                continue  # e.g. a receipt already sent on by an earlier test
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{main_page.path} as {user}: {width} px")
        page.context.close()
    assert not too_wide, "wider than the phone:\n" + "\n".join(too_wide)


def test_the_inbox_shows_items_on_the_first_phone_screen(new_context):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(page, "so.srinagar")
    first_row = page.locator("#item-list tbody tr").first.bounding_box()
    assert first_row["y"] + first_row["height"] <= PHONE["height"], first_row
