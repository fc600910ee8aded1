"""District reporting: proposals, workshops, IT readiness, problems, monthly reports."""
