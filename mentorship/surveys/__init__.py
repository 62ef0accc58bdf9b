"""Baseline, mid-point and final surveys of mentees and mentors."""
