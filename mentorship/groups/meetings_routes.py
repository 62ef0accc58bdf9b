"""A group's monthly meetings in the events engine, and the guests its chair
invites (the `meetings` part)."""
