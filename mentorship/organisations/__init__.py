"""Member organisations: the public directory, the Secretariat's registry, invitations."""
