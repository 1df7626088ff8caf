"""Newsletters: lists editors define, double opt-in sign-up, issues built from what was published, sent by the worker."""
