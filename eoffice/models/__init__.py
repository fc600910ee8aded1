"""All models, one aggregate per module."""
from .adoption import DailyActiveUser, DailyOfficeStat, FileDisposal, WeeklyActiveUser
from .api_token import ApiToken
from .attachment import Attachment
from .audit import AuditEvent
from .correspondence import CorrespondencePage
from .department import Department
from .dispatch import Dispatch
from .draft import DraftLetter, DraftVersion
from .efile import EFile
from .file_link import FileLink
from .job import BackgroundJob
from .key_fingerprint import KeyFingerprint
from .letter import LetterDelivery, LetterDocument
from .monthly_report import MonthlyReport
from .movement import Movement
from .note import Note
from .office import Office, Section
from .org import OrgUnit
from .pending import PendingCount
from .post import Post, PostHolding
from .problem import InfraProblem, ProblemEvent
from .proposal import ProposalEvent, ServiceProposal
from .readiness import OfficeReadiness, ReadinessReport
from .receipt import Receipt
from .scan import Scan, ScanPage
from .search_entry import SearchEntry
from .sequence import Counter
from .session import UserSession
from .signature import Signature
from .target import UnitTarget
from .user import User, UserRole
from .workshop import Workshop

__all__ = ["ApiToken", "Attachment", "AuditEvent", "BackgroundJob", "CorrespondencePage", "Counter",
           "DailyActiveUser", "DailyOfficeStat", "Department", "Dispatch", "DraftLetter",
           "DraftVersion", "EFile", "FileDisposal", "FileLink", "InfraProblem", "KeyFingerprint",
           "LetterDelivery", "LetterDocument", "MonthlyReport", "Movement", "Note", "Office",
           "OfficeReadiness", "ReadinessReport", "OrgUnit",
           "PendingCount", "Post", "PostHolding", "ProblemEvent", "ProposalEvent", "Receipt",
           "Scan", "ScanPage", "SearchEntry", "Section", "ServiceProposal", "Signature",
           "UnitTarget", "User", "UserRole", "UserSession", "WeeklyActiveUser", "Workshop"]
