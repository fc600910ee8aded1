"""All models, one aggregate per module."""
from .audit import AuditEvent
from .department import Department
from .monthly_report import MonthlyReport
from .office import Office, Section
from .org import OrgUnit
from .post import Post, PostHolding
from .problem import InfraProblem, ProblemEvent
from .proposal import ProposalEvent, ServiceProposal
from .readiness import OfficeReadiness
from .session import UserSession
from .user import User, UserRole
from .workshop import Workshop

__all__ = ["AuditEvent", "Department", "InfraProblem", "MonthlyReport", "Office",
           "OfficeReadiness", "OrgUnit", "Post", "PostHolding", "ProblemEvent", "ProposalEvent",
           "Section", "ServiceProposal", "User", "UserRole", "UserSession", "Workshop"]
