"""The count of a decision by its stated rules (`decisions.counting`, plain Python):
quorum, the three majorities, abstentions excluded or against, blocks, approval
shortlists, scores, the instant runoff round by round, and time polls."""

import pytest

from mentorship.decisions.counting import Rules, count, quorum_needed, reaches


def proposal(*choices):
    return [{"choice": c} for c in choices]


def rules(kind="proposal", electorate=10, **rest):
    return Rules(kind=kind, electorate_size=electorate, **rest)


@pytest.mark.parametrize(
    ("electorate", "percent", "needed"),
    [(10, 50, 5), (11, 50, 6), (14, 50, 7), (3, 0, 0), (7, 100, 7), (9, 33, 3)],
)
def test_the_quorum_is_a_share_of_the_electorate_rounded_up(
    electorate, percent, needed
):
    assert quorum_needed(electorate, percent) == needed


@pytest.mark.parametrize(
    ("votes", "base", "majority", "reached"),
    [
        (5, 10, "simple", False),  # half is not more than half
        (6, 10, "simple", True),
        (2, 3, "two_thirds", True),  # exactly two thirds is enough
        (6, 10, "two_thirds", False),
        (4, 5, "four_fifths", True),
        (7, 9, "four_fifths", False),
        (0, 0, "simple", False),  # nobody took a side
    ],
)
def test_the_majorities(votes, base, majority, reached):
    assert reaches(votes, base, majority) is reached


def test_too_few_answers_is_no_quorum_whatever_they_say():
    result = count(rules(quorum_percent=50), [], proposal("agree", "agree"))
    assert result["quorum_needed"] == 5
    assert result["outcome"] == "no_quorum"
    assert result["tally"]["agree"] == 2


def test_abstentions_count_for_the_quorum_and_are_left_out_of_the_base():
    ballots = proposal("agree", "agree", "disagree", "abstain", "abstain")
    result = count(rules(quorum_percent=50, majority="two_thirds"), [], ballots)
    assert result["quorum_met"] and result["base"] == 3
    assert result["outcome"] == "passed"  # 2 of 3 who took a side


def test_abstentions_counted_against_weigh_like_a_no():
    ballots = proposal("agree", "agree", "disagree", "abstain", "abstain")
    strict = rules(quorum_percent=50, majority="two_thirds", abstentions="against")
    result = count(strict, [], ballots)
    assert result["base"] == 5
    assert result["outcome"] == "rejected"  # 2 of 5


def test_a_block_is_a_vote_against_reported_apart():
    result = count(rules(), [], proposal("agree", "agree", "block"))
    assert result["tally"]["block"] == 1 and result["base"] == 3
    assert result["outcome"] == "passed"  # 2 of 3 is more than half
    assert count(rules(), [], proposal("agree", "block"))["outcome"] == "rejected"


def test_approval_carries_the_options_enough_organisations_approve():
    ballots = [
        {"approved": [1, 2]},
        {"approved": [1]},
        {"approved": [1, 3]},
        {"approved": []},  # an abstention
    ]
    result = count(
        rules("approval", electorate=6, quorum_percent=50, majority="two_thirds"),
        [1, 2, 3],
        ballots,
    )
    assert result["tally"] == {"1": 3, "2": 1, "3": 1}
    assert result["abstained"] == 1 and result["base"] == 3
    assert result["carried"] == ["1"] and result["outcome"] == "passed"


def test_approval_shortlists_the_most_approved_up_to_the_winners():
    ballots = [{"approved": [1, 2, 3]}, {"approved": [2, 3]}, {"approved": [3, 1]}]
    result = count(rules("approval", winners=2), [1, 2, 3], ballots)
    assert result["carried"] == ["3", "1"]  # 3 approvals, then 2 (listed before 2)
    assert result["tie"] is True


def test_approval_nothing_carried_is_rejected():
    ballots = [{"approved": [1]}, {"approved": [2]}, {"approved": [3]}]
    result = count(rules("approval"), [1, 2, 3], ballots)
    assert result["carried"] == [] and result["outcome"] == "rejected"


def test_scores_choose_the_highest_totals():
    ballots = [{"scores": {"1": 5, "2": 3}}, {"scores": {"1": 1, "2": 4}}, {}]
    result = count(rules("score", max_score=5), [1, 2], ballots)
    assert result["tally"] == {"1": 6, "2": 7}
    assert result["means"] == {"1": 3.0, "2": 3.5}
    assert result["abstained"] == 1
    assert result["carried"] == ["2"]


def test_instant_runoff_eliminates_the_fewest_round_by_round():
    # A: 4 first preferences, B: 3, C: 2 (whose next is B): B wins in round 2.
    ballots = (
        [{"ranking": [1, 2]}] * 4
        + [{"ranking": [2, 1]}] * 3
        + [{"ranking": [3, 2]}] * 2
    )
    result = count(rules("ranked"), [1, 2, 3], ballots)
    first, second = result["rounds"]
    assert first["tally"] == {"1": 4, "2": 3, "3": 2}
    assert first["eliminated"] == "3"
    assert second["tally"] == {"1": 4, "2": 5}
    assert result["carried"] == ["2"] and result["outcome"] == "passed"


def test_instant_runoff_a_first_round_majority_wins_at_once():
    ballots = [{"ranking": [1]}] * 3 + [{"ranking": [2, 1]}]
    result = count(rules("ranked"), [1, 2], ballots)
    assert len(result["rounds"]) == 1 and result["carried"] == ["1"]


def test_instant_runoff_exhausted_ballots_leave_the_base():
    # C's ballots name no next preference: round 2 counts 4 + 3 of 7 active.
    ballots = [{"ranking": [1]}] * 4 + [{"ranking": [2]}] * 3 + [{"ranking": [3]}] * 2
    result = count(rules("ranked"), [1, 2, 3], ballots)
    assert result["rounds"][1]["active"] == 7
    assert result["carried"] == ["1"]


def test_instant_runoff_ties_for_fewest_eliminate_the_later_listed():
    ballots = [{"ranking": [1]}] * 2 + [{"ranking": [2]}] + [{"ranking": [3, 1]}]
    result = count(rules("ranked"), [1, 2, 3], ballots)
    assert result["rounds"][0]["eliminated"] == "3"
    assert result["carried"] == ["1"]


def test_the_time_poll_takes_most_yes_then_most_if_need_be():
    ballots = [
        {"answers": {"1": "yes", "2": "yes", "3": "no"}},
        {"answers": {"1": "if_need_be", "2": "yes", "3": "yes"}},
        {"answers": {"1": "yes", "2": "no", "3": "yes"}},
    ]
    result = count(rules("time_poll"), [1, 2, 3], ballots)
    assert result["tally"]["2"] == {"yes": 2, "if_need_be": 0, "no": 1}
    assert result["carried"] == ["1"]  # 2 yes and 1 if need be


def test_nobody_answering_never_passes():
    assert count(rules(quorum_percent=0), [], [])["outcome"] == "no_quorum"
