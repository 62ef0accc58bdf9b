"""Signals for cross-feature reactions (blinker), instead of imports both ways.

The feature where something happens sends; the feature that reacts subscribes in its
`init_app`. Receivers run inside the sender's transaction: they add and flush, the
sender's caller commits (and a rollback undoes the reaction too).

- `person_erased(user, now=, reason=, partners=)`: her account is being erased;
  receivers end what she takes part in and append (user id, programme id) of each
  partner who must be told to `partners`.
- `offer_accepted(proposal, actor=)`: both sides accepted an offer (matches sends;
  mentorships starts the mentorship).
- `mentorship_closed(mentorship, actor=, reason=)`: one of the pair closed her
  mentorship early (mentorships sends; matches keeps the pair out of later runs).
  A closure by erasure is not this signal: `person_erased` already reaches everyone.
- `enrolled(enrolment, actor=)`: she enrolled (or enrolled again) in a programme
  (programmes sends; webhooks tells her organisation's endpoints).
- `mentorship_started(mentorship, actor=)`: the mentorship exists, both having
  accepted the offer (mentorships sends; webhooks tells the pair's organisations).
"""

from blinker import Namespace

signals = Namespace()

person_erased = signals.signal("person-erased")
offer_accepted = signals.signal("offer-accepted")
mentorship_closed = signals.signal("mentorship-closed")
enrolled = signals.signal("enrolled")
mentorship_started = signals.signal("mentorship-started")
