"""The keyed fingerprint that stands for "this side of this mentorship answered this
survey", instead of the mentorship's id.

HMAC-SHA256 over "<mentorship id>:<role>:<stage>" with a key derived from the
server's secret (SURVEY_ANSWER_KEY, or SECRET_KEY when unset). The database alone
cannot join an answer back to a mentorship or a person: ids are few, but without the
key no one can compute their fingerprints. The application, which holds the key,
still can: that is how it refuses a second answer, shows her which surveys she
answered, exports her answers to her and erases them. So the answers are
pseudonymous and confidential, not anonymous.

Changing the key breaks these links for the answers already given (they stay in
the figures, but could be answered again and are no longer found for her export):
keep SURVEY_ANSWER_KEY stable, and set it before rotating SECRET_KEY.
"""

import hashlib
import hmac

from flask import current_app

PURPOSE = b"wim-alliance survey answer key v1"


def secret(config):
    """The HMAC key: derived, so the raw secret never serves two purposes."""
    base = config.get("SURVEY_ANSWER_KEY") or config["SECRET_KEY"]
    return hmac.new(base.encode(), PURPOSE, hashlib.sha256).digest()


def answer_key(mentorship_id, role, stage, key=None):
    """The fingerprint of one side's answer to one survey (64 hex characters)."""
    key = key or secret(current_app.config)
    message = f"{mentorship_id}:{role}:{stage}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def keys_for(triples):
    """{fingerprint: (mentorship_id, role, stage)} for such triples."""
    key = secret(current_app.config)
    return {answer_key(*triple, key=key): tuple(triple) for triple in triples}
