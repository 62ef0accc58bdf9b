"""Member organisations: public directory, the Secretariat's registry, invitations."""
