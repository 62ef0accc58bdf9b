"""The viewers of the policy matrix and their expected answers, shared by
`test_policy_matrix` and the features' own rows (`tests/web/matrix_rows/`).

`leader_own` leads organisation A, `delegate_own` is its voting delegate (both are
also members of A); a row that does not name their answers gives them
`member_own`'s.
"""

ANON, LOGIN = "anonymous", 302
ELSEWHERE = "302, not to the login page"
VIEWERS = [
    ANON,
    "member_own",
    "member_other",
    "coordinator_own",
    "coordinator_other",
    "secretariat",
    "steering",
    "admin",
    "coordinator_secretariat",
    "pair",
    "leader_own",
    "delegate_own",
]


def _row(*codes, leader=None, delegate=None):
    row = dict(zip(VIEWERS[:10], codes, strict=True))
    row["leader_own"] = row["member_own"] if leader is None else leader
    row["delegate_own"] = row["member_own"] if delegate is None else delegate
    return row


row = _row


# In the order of VIEWERS: anonymous, member own / other, coordinator own / other,
# Secretariat, Steering, admin, coordinator who is also Secretariat, the pair.
PUBLIC = _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = _row(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_POST = _row(LOGIN, 302, 302, 302, 302, 302, 302, 302, 302, 302)
SIGNED_IN_BAD = _row(LOGIN, 400, 400, 400, 400, 400, 400, 400, 400, 400)
STAFF_PAGE = _row(LOGIN, 403, 403, 403, 403, 200, 403, 200, 200, 403)
STAFF_POST = _row(LOGIN, 403, 403, 403, 403, 302, 403, 302, 302, 403)
STAFF_BAD = _row(LOGIN, 403, 403, 403, 403, 400, 403, 400, 400, 403)
ADMIN_PAGE = _row(LOGIN, 403, 403, 403, 403, 403, 403, 200, 403, 403)
ADMIN_POST = _row(LOGIN, 403, 403, 403, 403, 403, 403, 302, 403, 403)
ORG_PEOPLE = _row(LOGIN, 404, 404, 200, 404, 200, 404, 200, 200, 404)
ORG_PEOPLE_POST = _row(LOGIN, 404, 404, 302, 404, 302, 404, 302, 302, 404)
PERSON_PAGE = _row(LOGIN, 404, 404, 200, 404, 200, 404, 200, 200, 200)
DECIDERS_PAGE = _row(LOGIN, 403, 403, 200, 200, 200, 403, 200, 200, 403)
# Her queue's "approve all": nothing waits for B's coordinator; the one who is also
# Secretariat stands in for organisation Gamma, which has no coordinator.
CONFIRM_ALL = _row(LOGIN, 403, 403, 200, 302, 200, 403, 200, 200, 403)
PROPOSAL_POST = _row(LOGIN, 404, 404, 302, 404, 302, 404, 302, 302, 302)
PAIR_PAGE = _row(LOGIN, 404, 404, 404, 404, 404, 404, 404, 404, 200)
PAIR_POST = _row(LOGIN, 404, 404, 404, 404, 404, 404, 404, 404, 302)
PAIR_BAD = _row(LOGIN, 404, 404, 404, 404, 404, 404, 404, 404, 400)
OUTCOMES_HOME = _row(LOGIN, 403, 403, 302, 302, 200, 200, 200, 200, 403)
ORG_OUTCOMES = _row(LOGIN, 404, 404, 200, 404, 200, 200, 200, 200, 404)
ORG_PARTICIPANTS = _row(LOGIN, 403, 403, 200, 404, 200, 403, 200, 200, 403)
ALL_PARTICIPANTS = _row(LOGIN, 403, 403, 404, 404, 200, 403, 200, 200, 403)
ALLIANCE_METRICS = _row(LOGIN, 403, 403, 404, 404, 200, 200, 200, 200, 403)
ORG_METRICS = _row(LOGIN, 403, 403, 200, 404, 200, 200, 200, 200, 403)
READERS_PAGE = _row(LOGIN, 403, 403, 403, 403, 200, 200, 200, 200, 403)
GUESTS_PAGE = _row(200, 302, 302, 302, 302, 302, 302, 302, 302, 302)
GUESTS_POST = _row(400, 302, 302, 302, 302, 302, 302, 302, 302, 302)
INVITED_ONLY = _row(ELSEWHERE, 403, 403, 403, 403, 403, 403, 403, 403, 403)
ANYONE_BAD = _row(400, 400, 400, 400, 400, 400, 400, 400, 400, 400)
ANYONE_REDIRECTED = _row(ELSEWHERE, 302, 302, 302, 302, 302, 302, 302, 302, 302)
ENROLLED_BAD = _row(LOGIN, 302, 302, 302, 302, 302, 302, 302, 302, 400)
