"""Programmes (cohorts) and enrolment."""
