"""All models, one aggregate per module."""
from .attachment import Attachment
from .audit import AuditEvent
from .department import Department
from .efile import EFile
from .movement import Movement
from .office import Office, Section
from .org import OrgUnit
from .post import Post, PostHolding
from .receipt import Receipt
from .search_entry import SearchEntry
from .sequence import Counter
from .session import UserSession
from .user import User, UserRole

__all__ = ["Attachment", "AuditEvent", "Counter", "Department", "EFile", "Movement", "Office",
           "OrgUnit", "Post", "PostHolding", "Receipt", "SearchEntry", "Section", "User",
           "UserRole", "UserSession"]
