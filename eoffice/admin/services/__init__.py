"""Rules for the organisation master, accounts and post holdings. Services flush, never commit.

Nothing is ever deleted: records are retired (active=False) and holdings are ended.
"""
from .accounts import (
                       assign_post,
                       create_user,
                       end_holding,
                       is_locked,
                       reset_password,
                       unlock_user,
                       update_user,
)
from .organisation import (
                       check_file_pattern,
                       create_department,
                       create_office,
                       create_post,
                       create_section,
                       create_unit,
                       update_department,
                       update_office,
                       update_post,
                       update_section,
                       update_unit,
)
from .records import set_active

__all__ = ["assign_post", "check_file_pattern", "create_department", "create_office",
           "create_post", "create_section", "create_unit", "create_user", "end_holding",
           "is_locked", "reset_password", "set_active", "unlock_user", "update_department",
           "update_office", "update_post", "update_section", "update_unit", "update_user"]
