"""Members with positions and terms: nominations, requests to join, the roster
(the `members` part)."""
