"""What happens to a recommendation, for the parts that follow it.

Sent in the sender's transaction, like core.signals:

- `recommendation_published(recommendation)`: it was published (the `results`
  package opens its tracked result).
"""

from blinker import Namespace

_signals = Namespace()

recommendation_published = _signals.signal("recommendation-published")
