"""Reporting rules, one module per sub-resource. They flush, never commit.

Messages are lazy translations: services also run outside a request (CLI, demo, tests),
and the text is only rendered, in the reader's language, when an error is shown.
"""
