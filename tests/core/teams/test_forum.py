import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from impactdays.core.teams.diversity import Attribute, AttributeKind, diversity_distances
from impactdays.core.teams.forum import PreferenceRule, SessionRules, form_forum_teams
from impactdays.core.teams.problem import InfeasibleTeamsError
from tests.core.teams.conftest import random_distance


def bounds(lower: list[int], upper: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(lower, dtype=np.int64), np.array(upper, dtype=np.int64)


def test_form_forum_teams_keeps_pairs_apart_and_together():
    distance = random_distance(np.random.default_rng(4), 12)
    rules = SessionRules(keep_apart=[(0, 1), (2, 3)], keep_together=[(4, 5), (5, 6), (0, 7)])

    result = form_forum_teams(
        distance, *bounds([4, 4, 4], [4, 4, 4]), rules, rng=np.random.default_rng(0), max_rounds=2
    )

    team_of = {person: index for index, team in enumerate(result.teams) for person in team}
    assert team_of[0] != team_of[1]
    assert team_of[2] != team_of[3]
    assert team_of[4] == team_of[5] == team_of[6]
    assert team_of[0] == team_of[7]
    assert sorted(team_of) == list(range(12))


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            SessionRules(keep_apart=[(0, 2)], keep_together=[(0, 1), (1, 2)]),
            "people 0 and 2 must be kept apart, but keep-together pairs put them in the same team",
        ),
        (
            SessionRules(keep_together=[(0, 1), (1, 2), (2, 3)]),
            "people [0, 1, 2, 3] must be kept together, but no team takes more than 3",
        ),
    ],
)
def test_form_forum_teams_explains_contradictory_pairs(rules, message):
    distance = random_distance(np.random.default_rng(0), 6)

    with pytest.raises(InfeasibleTeamsError) as caught:
        form_forum_teams(distance, *bounds([3, 3], [3, 3]), rules, rng=np.random.default_rng(0))

    assert str(caught.value) == message


def test_form_forum_teams_refuses_a_pair_with_an_unknown_person():
    distance = random_distance(np.random.default_rng(0), 4)

    with pytest.raises(ValueError) as caught:
        form_forum_teams(
            distance,
            *bounds([2, 2], [2, 2]),
            SessionRules(keep_apart=[(0, 9)]),
            rng=np.random.default_rng(0),
        )

    assert str(caught.value) == "keep-apart pair (0, 9) names someone not in the session"


def test_form_forum_teams_hard_rule_puts_everyone_in_an_accepted_challenge():
    distance = random_distance(np.random.default_rng(1), 9)
    rankings = [[10, 20], [20, 10], [10], [20], [20, 10], [10, 20], [20], [10, 20], [20, 10]]
    rules = SessionRules(
        team_challenge=[10, 20, 20],
        rankings=rankings,
        preference=PreferenceRule.HARD,
    )

    result = form_forum_teams(
        distance, *bounds([2, 2, 2], [4, 4, 4]), rules, rng=np.random.default_rng(3), max_rounds=2
    )

    assert sorted(result.teams[0]) == [0, 2, 5, 7]
    assert sorted(result.teams[1] + result.teams[2]) == [1, 3, 4, 6, 8]
    assert result.first_choice_count == 9


@pytest.mark.parametrize(
    ("challenges", "lower", "upper", "rankings", "message"),
    [
        (
            [10, 20],
            [2, 2],
            [4, 4],
            [[10]] * 5 + [[20]],
            "team 1 needs at least 2 people but only 1 accept its challenge",
        ),
        (
            [10, 20, 20],
            [1, 1, 1],
            [2, 2, 2],
            [[10]] * 4 + [[20]] * 2,
            "the hard preferred-challenge rule leaves too few places: the people who accept "
            "each challenge cannot fill its teams within their size bounds",
        ),
    ],
)
def test_form_forum_teams_explains_a_hard_rule_that_cannot_hold(
    challenges, lower, upper, rankings, message
):
    distance = random_distance(np.random.default_rng(0), 6)
    rules = SessionRules(
        team_challenge=challenges, rankings=rankings, preference=PreferenceRule.HARD
    )

    with pytest.raises(InfeasibleTeamsError) as caught:
        form_forum_teams(distance, *bounds(lower, upper), rules, rng=np.random.default_rng(0))

    assert str(caught.value) == message


def test_form_forum_teams_soft_rule_gives_first_choices_when_they_fit():
    distance = random_distance(np.random.default_rng(2), 8)
    rankings = [[1, 2], [2, 1]] * 4
    rules = SessionRules(
        team_challenge=[1, 2],
        rankings=rankings,
        preference=PreferenceRule.SOFT,
        preference_weight=1000.0,
    )

    result = form_forum_teams(
        distance, *bounds([4, 4], [4, 4]), rules, rng=np.random.default_rng(0), max_rounds=1
    )

    assert result.teams == [[0, 2, 4, 6], [1, 3, 5, 7]]
    assert result.first_choice_count == 8
    assert result.preference_score == 8000.0


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    apart=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=4),
    together=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=2),
)
def test_form_forum_teams_keeps_every_pair_rule_it_accepts(seed, apart, together):
    distance = random_distance(np.random.default_rng(seed), 12)
    rules = SessionRules(
        keep_apart=[(a, b) for a, b in apart if a != b],
        keep_together=[(a, b) for a, b in together if a != b],
    )

    try:
        result = form_forum_teams(
            distance,
            *bounds([3, 3, 3], [5, 5, 5]),
            rules,
            rng=np.random.default_rng(seed),
            max_rounds=1,
        )
    except InfeasibleTeamsError:
        return

    team_of = {person: index for index, team in enumerate(result.teams) for person in team}
    assert sorted(team_of) == list(range(12))
    assert all(3 <= len(team) <= 5 for team in result.teams)
    assert all(team_of[a] != team_of[b] for a, b in rules.keep_apart)
    assert all(team_of[a] == team_of[b] for a, b in rules.keep_together)


def test_form_forum_teams_forms_a_session_of_200_people_in_25_teams():
    rng = np.random.default_rng(11)
    countries = ["DE", "GE", "AM", "UA", "RU", "FR", "PL", "IT", "ES", "NL", "SE", "TR"]
    sectors = ["education", "finance", "urbanism", "volunteering", "business", "public"]
    profiles = [
        {
            "country": countries[int(rng.integers(12))],
            "sector": sectors[int(rng.integers(6))],
            "age": int(rng.integers(20, 70)),
            "languages": set(rng.choice(["en", "ru", "de", "fr"], size=2).tolist()),
        }
        for _ in range(200)
    ]
    attributes = [
        Attribute("country", AttributeKind.CATEGORICAL, 3.0),
        Attribute("sector", AttributeKind.CATEGORICAL, 2.0),
        Attribute("age", AttributeKind.NUMERIC, 1.0),
        Attribute("languages", AttributeKind.SET, 0.5),
    ]
    rankings = [rng.permutation(5).tolist() for _ in range(200)]
    for first, second in [(6, 7), (8, 9), (10, 11)]:
        rankings[second] = rankings[first]
    rules = SessionRules(
        team_challenge=[team % 5 for team in range(25)],
        rankings=rankings,
        preference=PreferenceRule.HARD,
        accepted_choices=2,
        keep_apart=[(0, 1), (2, 3), (4, 5)],
        keep_together=[(6, 7), (8, 9), (10, 11)],
    )

    result = form_forum_teams(
        diversity_distances(profiles, attributes),
        *bounds([8] * 25, [8] * 25),
        rules,
        rng=np.random.default_rng(0),
        seconds=2.5,
        max_rounds=1,
    )

    team_of = {person: index for index, team in enumerate(result.teams) for person in team}
    assert sorted(team_of) == list(range(200))
    assert all(len(team) == 8 for team in result.teams)
    assert all(rankings[p].index(team_of[p] % 5) < 2 for p in range(200))
    assert all(team_of[a] != team_of[b] for a, b in rules.keep_apart)
    assert all(team_of[a] == team_of[b] for a, b in rules.keep_together)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    firsts=st.lists(st.integers(0, 1), min_size=14, max_size=14),
    apart=st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=3),
    together=st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=2),
)
def test_form_forum_teams_keeps_the_hard_rule_pairs_and_unequal_bounds_and_repeats(
    seed, firsts, apart, together
):
    # Teams 0 and 2 work on challenge 0, teams 1 and 3 on challenge 1; each person accepts
    # only their first choice, and the bounds differ from team to team: 5 to 8 people choosing
    # challenge 0 fit both challenges' places.
    assume(5 <= firsts.count(0) <= 8)
    lower, upper = [2, 3, 2, 3], [5, 4, 6, 5]
    rules = SessionRules(
        team_challenge=[0, 1, 0, 1],
        rankings=[[first, 1 - first] for first in firsts],
        preference=PreferenceRule.HARD,
        keep_apart=[(a, b) for a, b in apart if a != b],
        keep_together=[(a, b) for a, b in together if a != b],
    )
    distance = random_distance(np.random.default_rng(seed), 14)

    def run() -> list[list[int]]:
        return form_forum_teams(
            distance, *bounds(lower, upper), rules, rng=np.random.default_rng(seed), max_rounds=2
        ).teams

    try:
        teams = run()
    except InfeasibleTeamsError:
        return

    team_of = {person: index for index, team in enumerate(teams) for person in team}
    assert sorted(team_of) == list(range(14))
    assert all(
        low <= len(team) <= high for team, low, high in zip(teams, lower, upper, strict=False)
    )
    assert all(team_of[person] % 2 == firsts[person] for person in range(14))
    assert all(team_of[a] != team_of[b] for a, b in rules.keep_apart)
    assert all(team_of[a] == team_of[b] for a, b in rules.keep_together)
    assert run() == teams
