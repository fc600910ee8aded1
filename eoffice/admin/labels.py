"""Translated names for the codes the admin screens show and choose from (the tables:
eoffice/vocabulary.py)."""
from .. import vocabulary

UNIT_KINDS = vocabulary.UNIT_KINDS.labels
ROLES = vocabulary.ROLES.labels
OVERSIGHT_SCOPES = vocabulary.OVERSIGHT_SCOPES.labels
HOLDING_KINDS = vocabulary.HOLDING_KINDS.labels
