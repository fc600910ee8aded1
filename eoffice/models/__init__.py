"""All models, one aggregate per module."""
from .api_token import ApiToken
from .attachment import Attachment
from .audit import AuditEvent
from .department import Department
from .efile import EFile
from .movement import Movement
from .office import Office, Section
from .org import OrgUnit
from .post import Post, PostHolding
from .receipt import Receipt
from .sequence import Counter
from .session import UserSession
from .user import User, UserRole

__all__ = ["ApiToken", "Attachment", "AuditEvent", "Counter", "Department", "EFile", "Movement",
           "Office", "OrgUnit", "Post", "PostHolding", "Receipt", "Section", "User", "UserRole",
           "UserSession"]
