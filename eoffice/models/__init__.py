"""All models, one aggregate per module."""
from .adoption import DailyActiveUser, DailyOfficeStat, FileDisposal, WeeklyActiveUser
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
from .target import UnitTarget
from .user import User, UserRole

__all__ = ["Attachment", "AuditEvent", "Counter", "DailyActiveUser", "DailyOfficeStat",
           "Department", "EFile", "FileDisposal", "Movement", "Office", "OrgUnit", "Post",
           "PostHolding", "Receipt", "Section", "UnitTarget", "User", "UserRole", "UserSession",
           "WeeklyActiveUser"]
