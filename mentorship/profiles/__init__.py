"""Mentor and mentee profiles."""
