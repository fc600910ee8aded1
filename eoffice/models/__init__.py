"""All models, one aggregate per module."""
from .audit import AuditEvent
from .department import Department
from .office import Office, Section
from .org import OrgUnit
from .post import Post, PostHolding
from .session import UserSession
from .user import User, UserRole

__all__ = ["AuditEvent", "Department", "Office", "OrgUnit", "Post", "PostHolding",
           "Section", "User", "UserRole", "UserSession"]
