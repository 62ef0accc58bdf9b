"""What happens to a session, for the parts that follow it (reminders, calendars).

Sent in the sender's transaction, like core.signals:

- `session_saved(session, created=bool, moved=bool)`: a session was created or
  edited; `moved` when its start or end changed (reminders move, registrants'
  calendars update).
- `series_saved(series)`: a series was created or its settings changed.
- `session_cancelled(session, reason=)`: the organiser cancelled it, saying why
  (registrants are told the reason, calendars get METHOD:CANCEL, reminders stop).
- `registration_changed(registration, change=)`: she registered ("created", a seat
  or the waitlist) or cancelled ("cancelled") herself (webhooks tells her
  organisation's endpoints).
"""

from blinker import Namespace

_signals = Namespace()

session_saved = _signals.signal("event-session-saved")
session_cancelled = _signals.signal("event-session-cancelled")
# `series_saved(series)`: a series' settings changed (its reminders, for one).
series_saved = _signals.signal("event-series-saved")
registration_changed = _signals.signal("event-registration-changed")
