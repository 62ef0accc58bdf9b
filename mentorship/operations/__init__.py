"""Running the platform: readiness, the messages the mail server refused, backups."""
