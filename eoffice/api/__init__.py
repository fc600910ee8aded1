"""JSON API v1 under /api/v1: the same services as the pages, with bearer tokens.

The contract is served at /api/v1/openapi.json (openapi.py); schemathesis checks in
the test suite that the answers match it. The blueprint is in blueprint.py, its views
join it in eoffice/blueprints.py.
"""
