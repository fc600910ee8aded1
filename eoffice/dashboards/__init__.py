"""Adoption dashboards for the UT, divisions, districts, tehsils, blocks and offices."""
