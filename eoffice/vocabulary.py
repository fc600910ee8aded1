"""Every stored code of files, receipts and their movements, with all that is said about
it, in one table per vocabulary. Labels, validation, SQL, templates, the integrity
check, pendency and the API derive from these tables; tests/core/test_vocabulary.py
fails when an entry lacks one of its facets or a code is used that no table holds.

Adding a movement action is one row in ACTIONS (see the README's layout section).
"""
from dataclasses import dataclass, fields

from flask import url_for
from markupsafe import escape

from .i18n import lazy_gettext as _l
from .i18n import lazy_pgettext


class Vocabulary:
    """Terms in their order, by code: `V["code"]`, `code in V`, `V.codes`, `V.labels`."""

    def __init__(self, *terms):
        self.terms = {term.code: term for term in terms}
        self.codes = tuple(self.terms)
        self.labels = {code: term.label for code, term in self.terms.items()}

    def __iter__(self):
        return iter(self.terms.values())

    def __getitem__(self, code):
        return self.terms[code]

    def __contains__(self, code):
        return code in self.terms

    def label(self, code):
        """The reader's word for a code; an unknown code is shown as stored."""
        term = self.terms.get(code)
        return term.label if term is not None else code

    def words(self):
        """{code: label} translated now, as a template writes it: a list page says the
        same few words in every row, and translates each once."""
        return {code: escape(label) for code, label in self.labels.items()}

    def where(self, **facets):
        """The codes whose facets have these values, in order."""
        return tuple(term.code for term in self if all(
            getattr(term, name) == value for name, value in facets.items()))

    @property
    def facets(self):
        return [field.name for field in fields(next(iter(self)))]


@dataclass(frozen=True)
class Status:
    code: str
    label: object
    pending: bool  # still with someone to act on: counted in inboxes and pendency
    kinds: tuple  # the item kinds that can be in it


ACTIVE, PARKED, CLOSED, IN_FILE = "active", "parked", "closed", "in_file"
STATUSES = Vocabulary(
    Status(ACTIVE, _l("Active"), pending=True, kinds=("file", "receipt")),
    Status(PARKED, _l("Parked"), pending=True, kinds=("file", "receipt")),
    Status(IN_FILE, _l("In a file"), pending=False, kinds=("receipt",)),
    Status(CLOSED, _l("Closed"), pending=False, kinds=("file", "receipt")),
)
def one_of_sql(column, codes):
    """`column IN ('a', 'b')` written out: for CHECK constraints and partial indexes,
    whose SQL text must stay the same whatever builds it."""
    return "{} IN ({})".format(column, ", ".join(f"'{code}'" for code in codes))


PENDING_STATUSES = STATUSES.where(pending=True)
FILE_STATUSES = tuple(status.code for status in STATUSES if "file" in status.kinds)
RECEIPT_STATUSES = tuple(status.code for status in STATUSES if "receipt" in status.kinds)
# SQL for "still pending"; written out (not bound) so that the partial indexes on it
# match the queries that use it, on SQLite and PostgreSQL alike
PENDING_SQL = one_of_sql("status", PENDING_STATUSES)


@dataclass(frozen=True)
class Grading:
    code: str
    label: object
    restricted: bool  # seen only by the posts it went to, not by a whole office's heads


GRADINGS = Vocabulary(  # lowest first: a receipt goes only into a file graded as high
    Grading("normal", _l("Normal"), restricted=False),
    Grading("confidential", _l("Confidential"), restricted=True),
    Grading("secret", _l("Secret"), restricted=True),
    Grading("top_secret", _l("Top secret"), restricted=True),
)


@dataclass(frozen=True)
class Priority:
    code: str
    label: object
    rank: int  # inboxes sort by it, highest first; above 0 the item shows a badge


PRIORITIES = Vocabulary(
    Priority("normal", _l("Normal"), rank=0),
    Priority("immediate", _l("Immediate"), rank=1),
    Priority("most_immediate", _l("Most immediate"), rank=2),
)
PRIORITY_RANKS = {term.code: term.rank for term in PRIORITIES}
# what an item gets when nothing else is asked for: the lowest of each table
NORMAL_GRADING, NORMAL_PRIORITY = GRADINGS.codes[0], PRIORITIES.codes[0]


@dataclass(frozen=True)
class ItemKind:
    code: str
    label: object
    endpoint: str  # the page that shows one (url_for(endpoint, item_id=...))
    path: str  # in URLs of actions on one: /<path>/<id>/send, /api/v1/<path>/<id>


ITEM_KINDS = Vocabulary(
    ItemKind("file", _l("File"), endpoint="files.show", path="files"),
    ItemKind("receipt", _l("Receipt"), endpoint="dak.show", path="receipts"),
)
# the `kind` part of a route shared by both kinds
KIND_IN_URL = "<any({}):kind>".format(", ".join(kind.path for kind in ITEM_KINDS))


def item_url(kind, item_id, **values):
    """The page of a file or receipt."""
    return url_for(ITEM_KINDS[kind].endpoint, item_id=item_id, **values)


def item_action_url(endpoint, kind, item_id, **values):
    """An action on a file or receipt, by a route with KIND_IN_URL (movement.send...)."""
    return url_for(endpoint, kind=ITEM_KINDS[kind].path, item_id=item_id, **values)


@dataclass(frozen=True)
class Action:
    """A movement action. holder: where the item is after it ("to_post", the post it
    went to; "by_post", the post that acted; None, where it was): an action that puts the
    item with a post is a hand-over, where its stay there begins. status: the status it
    leaves the item in, by item kind (a kind missing: unchanged). counts: the adoption
    counter it raises ("created", "sent" or None). api: its URL under an item in the
    API, None when the API does not offer it as a plain action."""
    code: str
    label: object
    holder: str | None
    status: dict
    counts: str | None
    api: str | None

    @property
    def handover(self):
        return self.holder is not None


_BOTH = ("file", "receipt")
ACTIONS = Vocabulary(  # code, label, holder after, status after, counter, API path
    Action("create", _l("Created"), "to_post", dict.fromkeys(_BOTH, ACTIVE), "created", None),
    Action("send", _l("Sent"), "to_post", {}, "sent", None),  # the API's send has its own body
    Action("open", _l("Opened"), None, {}, None, None),
    Action("pull_back", _l("Pulled back"), "to_post", {}, None, "pull-back"),
    Action("park", _l("Parked"), None, dict.fromkeys(_BOTH, PARKED), None, "park"),
    Action("unpark", _l("Un-parked"), None, dict.fromkeys(_BOTH, ACTIVE), None, "unpark"),
    Action("close", _l("Closed"), None, dict.fromkeys(_BOTH, CLOSED), None, "close"),
    Action("reopen", _l("Reopened"), "by_post", dict.fromkeys(_BOTH, ACTIVE), None, "reopen"),
    Action("attach", _l("Put in file"), None, {"receipt": IN_FILE}, None, None),
    Action("copy", _l("Copy made"), "to_post", dict.fromkeys(_BOTH, ACTIVE), None, None),
)
HANDOVERS = tuple(action.code for action in ACTIONS if action.handover)


@dataclass(frozen=True)
class Term:
    """A stored code and the reader's word for it, where nothing more is said about it."""
    code: str
    label: object


def terms(*pairs):
    return Vocabulary(*(Term(code, label) for code, label in pairs))


# noting: a paragraph is a draft while the file is with its author, then final for good
NOTE_DRAFT, NOTE_FINAL = "draft", "final"
NOTE_STATUSES = (NOTE_DRAFT, NOTE_FINAL)
# a letter drafted in a file: edited until approved, then issued
LETTER_DRAFT, LETTER_APPROVED, LETTER_ISSUED = "draft", "approved", "issued"
LETTER_STATUSES = terms((LETTER_DRAFT, _l("Draft")), (LETTER_APPROVED, _l("Approved")),
                        (LETTER_ISSUED, _l("Issued")))

# receipts and files
RECEIPT_MODES = terms(("post", lazy_pgettext("mail mode", "Post")), ("hand", _l("By hand")),
                      ("email", _l("E-mail")), ("eunnat", _l("e-UNNAT")),
                      ("electronic", _l("Electronic")))
RECEIPT_CATEGORIES = terms(
    ("general", _l("General")), ("application", _l("Application")),
    ("complaint", _l("Complaint")), ("court_case", _l("Court case")),
    ("government_order", _l("Government order")), ("rti", _l("RTI")),
    ("representation", _l("Representation")), ("other", _l("Other")))
FILE_CATEGORIES = terms(
    ("general", _l("General")), ("establishment", _l("Establishment")),
    ("accounts", _l("Accounts")), ("policy", _l("Policy")), ("court_case", _l("Court case")),
    ("rti", _l("RTI")), ("works", _l("Works")), ("other", _l("Other")))

# the organisation and its people
UNIT_KINDS = terms(  # top down
    ("ut", _l("Union territory")), ("division", _l("Division")), ("district", _l("District")),
    ("tehsil", _l("Tehsil")), ("block", _l("Block")), ("panchayat", _l("Panchayat")))
ROLES = terms(("official", _l("Official")), ("diarist", _l("Diarist (central registry)")),
              ("district_head", _l("District head")), ("ut_oversight", _l("UT oversight")),
              ("it_admin", _l("IT administrator")))
HOLDING_KINDS = terms(("regular", _l("Regular")), ("additional", _l("Additional charge")),
                      ("delegation", _l("Delegation")))
OVERSIGHT_SCOPES = terms(  # what a post oversees (models/post.py), narrowest first
    ("none", _l("Nothing beyond its own work")), ("district", _l("Its district (district head)")),
    ("ut", _l("The whole UT (UT oversight)")))

# district reporting
PROPOSAL_STATUSES = terms(
    ("draft", _l("Draft")), ("submitted", _l("Submitted")), ("under_review", _l("Under review")),
    ("approved", _l("Approved")), ("in_development", _l("In development")),
    ("live", _l("Live on e-UNNAT")), ("returned", _l("Returned with remarks")),
    ("rejected", _l("Rejected")))
PROBLEM_CATEGORIES = terms(
    ("vpn", _l("VPN access")), ("bandwidth", _l("Bandwidth")), ("hardware", _l("Hardware")),
    ("training", _l("Training")), ("software", _l("Software")), ("other", _l("Other")))
PROBLEM_STATUSES = terms(("open", _l("Open")), ("escalated", _l("Escalated")),
                         ("resolved", _l("Resolved")))
ESCALATION_TARGETS = terms(("nic", _l("NIC")), ("egov_agency", _l("e-Governance agency")))
READINESS_MEASURES = terms(
    ("computers", _l("Computers")), ("scanners", _l("Scanners")),
    ("bandwidth_mbps", _l("Bandwidth (Mbps)")), ("vpn_accounts", _l("VPN accounts")),
    ("signing_tokens", _l("Signing tokens")), ("staff_trained", _l("Staff trained")))
WORKSHOP_UNIT_KINDS = ("tehsil", "block")  # of UNIT_KINDS: where workshops are held
