"""Running mentorships."""
