"""Translated names for the codes the admin screens show and choose from."""
from ..i18n import lazy_gettext as _l

UNIT_KINDS = {"ut": _l("Union territory"), "division": _l("Division"), "district": _l("District"),
              "tehsil": _l("Tehsil"), "block": _l("Block"), "panchayat": _l("Panchayat")}
ROLES = {"official": _l("Official"), "diarist": _l("Diarist (central registry)"),
         "district_head": _l("District head"), "ut_oversight": _l("UT oversight"),
         "it_admin": _l("IT administrator")}
OVERSIGHT_SCOPES = {"none": _l("Nothing beyond its own work"),
                    "district": _l("Its district (district head)"),
                    "ut": _l("The whole UT (UT oversight)")}
HOLDING_KINDS = {"regular": _l("Regular"), "additional": _l("Additional charge"),
                 "delegation": _l("Delegation")}
