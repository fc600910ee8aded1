"""All models, one aggregate per module."""
from .attachment import Attachment
from .audit import AuditEvent
from .correspondence import CorrespondencePage
from .department import Department
from .dispatch import Dispatch
from .draft import DraftLetter, DraftVersion
from .efile import EFile
from .file_link import FileLink
from .movement import Movement
from .note import Note
from .office import Office, Section
from .org import OrgUnit
from .post import Post, PostHolding
from .receipt import Receipt
from .sequence import Counter
from .session import UserSession
from .signature import Signature
from .user import User, UserRole

__all__ = ["Attachment", "AuditEvent", "CorrespondencePage", "Counter", "Department", "Dispatch",
           "DraftLetter", "DraftVersion", "EFile", "FileLink", "Movement", "Note", "Office",
           "OrgUnit", "Post", "PostHolding", "Receipt", "Section", "Signature", "User",
           "UserRole", "UserSession"]
