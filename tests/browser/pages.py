"""The main pages every browser check visits: append new pages here, and the
accessibility, slow-link, keyboard and screenshot runs all pick them up."""
from dataclasses import dataclass


@dataclass(frozen=True)
class MainPage:
    name: str
    path: str
    user: str | None = None  # demo account to sign in as; None visits signed out
    autofocus: bool = False  # the page puts focus in a field, not at its top

    def __str__(self):
        return self.name


MAIN_PAGES = [
    MainPage("login", "/login", autofocus=True),
    MainPage("inbox", "/inbox", user="so.srinagar"),
    MainPage("password", "/password", user="so.srinagar"),
    MainPage("admin", "/admin/", user="admin"),
    MainPage("diarise", "/receipts/new", user="cru.srinagar"),
    MainPage("receipt", "/receipts/1", user="cru.srinagar"),
    MainPage("new-file", "/files/new", user="so.srinagar"),
    MainPage("file", "/files/1", user="so.srinagar"),
    MainPage("history", "/files/1/history", user="so.srinagar"),
    MainPage("sent", "/inbox?view=sent", user="so.srinagar"),
    MainPage("pendency", "/inbox/pendency", user="adc.srinagar"),
    MainPage("addressbook", "/posts/search?q=tehsildar", user="so.srinagar"),
    MainPage("print-file", "/files/1/print", user="so.srinagar"),
    MainPage("dispatch-register", "/dispatch", user="so.srinagar"),
    MainPage("letter-urdu", "/dispatch/1", user="adc.srinagar"),  # issued in Urdu
    MainPage("letter-hindi", "/dispatch/2", user="adc.srinagar"),  # issued in Hindi
    MainPage("reports-ut", "/reports/", user="cs.it"),
    MainPage("proposals", "/reports/proposals", user="dc.srinagar"),
    MainPage("workshop-coverage", "/reports/workshops/coverage", user="dc.srinagar"),
    MainPage("problems", "/reports/problems", user="cs.it"),
    MainPage("monthly", "/reports/monthly", user="cs.it"),
    MainPage("tokens", "/tokens", user="so.srinagar"),
    MainPage("dashboard-ut", "/dashboard", user="cs.it"),
    MainPage("dashboard-district", "/dashboard", user="dc.srinagar"),
    MainPage("search", "/search?q=land", user="so.srinagar"),
    MainPage("audit", "/audit/", user="cs.it"),
    MainPage("two-factor", "/account/two-factor", user="admin", autofocus=True),
]

LANGUAGES = ("en", "hi", "ur")
