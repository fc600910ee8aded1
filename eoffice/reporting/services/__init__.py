"""Reporting rules, one module per sub-resource. They flush, never commit."""
