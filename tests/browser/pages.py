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
    MainPage("audit", "/audit/", user="cs.it"),
    MainPage("two-factor", "/account/two-factor", user="admin", autofocus=True),
]

LANGUAGES = ("en", "hi", "ur")
