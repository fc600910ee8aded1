"""All models, one aggregate per module."""
from .attachment import Attachment
from .audit import AuditEvent
from .department import Department
from .efile import EFile
from .monthly_report import MonthlyReport
from .movement import Movement
from .office import Office, Section
from .org import OrgUnit
from .post import Post, PostHolding
from .problem import InfraProblem, ProblemEvent
from .proposal import ProposalEvent, ServiceProposal
from .readiness import OfficeReadiness
from .receipt import Receipt
from .sequence import Counter
from .session import UserSession
from .user import User, UserRole
from .workshop import Workshop

__all__ = ["Attachment", "AuditEvent", "Counter", "Department", "EFile", "InfraProblem",
           "MonthlyReport", "Movement", "Office", "OfficeReadiness", "OrgUnit", "Post",
           "PostHolding", "ProblemEvent", "ProposalEvent", "Receipt", "Section",
           "ServiceProposal", "User", "UserRole", "UserSession", "Workshop"]
