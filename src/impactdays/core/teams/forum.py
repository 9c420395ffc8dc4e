"""Teams for a creative session: diverse teams under the forum's rules.

Method: the maximally diverse grouping problem (Gallego et al., J. Oper. Res. Soc. 2013) solved by the
annealed maxima search of ``impactdays.core.teams.search`` (Lai and Hao, EJOR 254(3), 2016; Yang et
al., EJOR 302(3), 2022), with the forum's rules compiled into it:

- keep-together pairs merge people into one unit (union-find), whose size counts towards the bounds;
- keep-apart pairs, and teams outside a person's accepted challenges under the hard rule, carry a
  penalty larger than any achievable diversity, so the search treats them as walls (big-M penalty);
- the soft preferred-challenge rule adds a bonus per person for the rank of their team's challenge.

Contradictions (a pair both kept apart and together, a merged group larger than every team, no team
a merged group all accepts, too few places for the people who accept only one challenge, …) are
explained before any search runs.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog

from impactdays.core.teams.grouping import groups_of_labels
from impactdays.core.teams.problem import InfeasibleTeamsError, check_bounds, grouping_objective
from impactdays.core.teams.search import WORKERS, ProgressCallback, UnitProblem, search_grouping


class PreferenceRule(StrEnum):
    """How people's ranked challenges bind the teams they join."""

    IGNORE = "ignore"
    HARD = "hard"
    SOFT = "soft"


@dataclass(frozen=True)
class SessionRules:
    """The forum's rules for one creative session.

    ``team_challenge[g]`` is the challenge of team ``g``; ``rankings[i]`` lists person ``i``'s
    challenges, preferred first. Under the hard rule a person joins only teams of their first
    ``accepted_choices`` challenges; under the soft rule a person in a team of their challenge of
    rank ``r`` (0 = first) out of ``k`` ranked adds ``preference_weight * (k - r) / k`` to the
    objective (``None``: the mean distance times the mean team size, so one person's first choice
    weighs about as much as their share of the team's diversity).
    """

    team_challenge: Sequence[int] | None = None
    rankings: Sequence[Sequence[int]] | None = None
    preference: PreferenceRule = PreferenceRule.IGNORE
    accepted_choices: int = 1
    preference_weight: float | None = None
    keep_apart: Sequence[tuple[int, int]] = field(default_factory=tuple)
    keep_together: Sequence[tuple[int, int]] = field(default_factory=tuple)


@dataclass(frozen=True)
class SessionTeams:
    """Teams for a session: members per team, their diversity and preference score."""

    teams: list[list[int]]
    diversity: float
    preference_score: float
    first_choice_count: int
    seconds: float
    rounds: int


def _merge_together(person_count: int, pairs: Sequence[tuple[int, int]]) -> list[int]:
    """Return the representative of each person after merging the keep-together pairs."""
    parent = list(range(person_count))

    def root(person: int) -> int:
        while parent[person] != person:
            parent[person] = parent[parent[person]]
            person = parent[person]
        return person

    for first, second in pairs:
        parent[root(first)] = root(second)
    return [root(person) for person in range(person_count)]


def _check_pairs(person_count: int, rules: SessionRules) -> None:
    """Check the ids of every pair. Errors: ``ValueError`` naming the first bad pair."""
    for kind, pairs in (("keep-apart", rules.keep_apart), ("keep-together", rules.keep_together)):
        for first, second in pairs:
            if not (0 <= first < person_count and 0 <= second < person_count):
                raise ValueError(
                    f"{kind} pair ({first}, {second}) names someone not in the session"
                )
            if first == second:
                raise ValueError(f"{kind} pair ({first}, {second}) names one person twice")


def _preferences(
    person_count: int, team_count: int, rules: SessionRules, distance: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Return the accepted teams, the soft bonus and each person's rank per team (-1: unranked).

    Errors: ``ValueError`` when the rule is used without challenges and rankings of the right size.
    """
    accepted = np.ones((person_count, team_count), dtype=bool)
    bonus = np.zeros((person_count, team_count))
    rank = np.full((person_count, team_count), -1, dtype=np.int64)
    if rules.team_challenge is None or rules.rankings is None:
        if rules.preference is not PreferenceRule.IGNORE:
            raise ValueError("a preferred-challenge rule needs team_challenge and rankings")
        return accepted, bonus, rank
    if len(rules.team_challenge) != team_count or len(rules.rankings) != person_count:
        raise ValueError(
            "team_challenge needs one challenge per team, rankings one list per person"
        )
    challenge = np.asarray(rules.team_challenge)
    for person, ranking in enumerate(rules.rankings):
        for position, chosen in enumerate(ranking):
            rank[person, (challenge == chosen) & (rank[person] < 0)] = position
    if rules.preference is PreferenceRule.HARD:
        if rules.accepted_choices < 1:
            raise ValueError("accepted_choices must be at least 1")
        accepted = (rank >= 0) & (rank < rules.accepted_choices)
    elif rules.preference is PreferenceRule.SOFT:
        weight = rules.preference_weight
        if weight is None:
            pair_count = max(person_count * (person_count - 1), 1)
            weight = float(distance.sum()) / pair_count * person_count / max(team_count, 1)
        if not np.isfinite(weight) or weight < 0:
            raise ValueError("preference_weight must be a finite number >= 0")
        lengths = np.array([max(len(ranking), 1) for ranking in rules.rankings], dtype=np.float64)
        bonus = np.where(rank >= 0, weight * (lengths[:, None] - rank) / lengths[:, None], 0.0)
    return accepted, bonus, rank


def _hard_start(
    unit_members: list[list[int]],
    unit_accepted: npt.NDArray[np.bool_],
    lower: npt.NDArray[np.int64],
    upper: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> npt.NDArray[np.int64] | None:
    """Return a random labelling of units to accepted teams within the bounds, if one is found.

    Solves a linear relaxation with random costs (exact when no one is merged: the constraints
    are totally unimodular, so the vertex found is a labelling); with merged units a fractional
    vertex may give ``None``. Errors: ``InfeasibleTeamsError`` with the bound that no
    assignment can meet.
    """
    unit_count, team_count = unit_accepted.shape
    sizes = np.array([len(members) for members in unit_members], dtype=np.float64)
    for team in range(team_count):
        reachable = int(sizes[unit_accepted[:, team]].sum())
        if reachable < lower[team]:
            raise InfeasibleTeamsError(
                f"team {team} needs at least {int(lower[team])} people but only {reachable} "
                "accept its challenge"
            )
    cells = np.argwhere(unit_accepted)
    variable_count = cells.shape[0]
    one_team = np.zeros((unit_count, variable_count))
    one_team[cells[:, 0], np.arange(variable_count)] = 1.0
    team_size = np.zeros((team_count, variable_count))
    team_size[cells[:, 1], np.arange(variable_count)] = sizes[cells[:, 0]]
    result = linprog(
        rng.random(variable_count),
        A_ub=np.vstack([team_size, -team_size]),
        b_ub=np.concatenate([upper, -lower]).astype(np.float64),
        A_eq=one_team,
        b_eq=np.ones(unit_count),
        bounds=(0, 1),
        method="highs",
    )
    if result.status == 2:  # linprog's status code for an infeasible problem
        raise InfeasibleTeamsError(
            "the hard preferred-challenge rule leaves too few places: the people who accept "
            "each challenge cannot fill its teams within their size bounds"
        )
    if result.x is None:
        return None
    share = np.zeros((unit_count, team_count))
    share[cells[:, 0], cells[:, 1]] = result.x
    labels: npt.NDArray[np.int64] = share.argmax(axis=1).astype(np.int64)
    team_sizes = np.bincount(labels, weights=sizes, minlength=team_count)
    if np.all(team_sizes >= lower) and np.all(team_sizes <= upper):
        return labels
    return None


def _explain_rules(
    person_count: int,
    rules: SessionRules,
    accepted: npt.NDArray[np.bool_],
    lower: npt.NDArray[np.int64],
    upper: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> tuple[list[list[int]], npt.NDArray[np.int64] | None]:
    """Return the units (merged people) and a start that keeps the hard challenge rule, if any.

    Checks first that the rules can hold together. Errors: ``InfeasibleTeamsError`` explaining
    the first contradiction found.
    """
    check_bounds(lower, upper, person_count)
    representative = _merge_together(person_count, rules.keep_together)
    for first, second in rules.keep_apart:
        if representative[first] == representative[second]:
            raise InfeasibleTeamsError(
                f"people {first} and {second} must be kept apart, but keep-together pairs "
                "put them in the same team"
            )
    members: dict[int, list[int]] = {}
    for person in range(person_count):
        members.setdefault(representative[person], []).append(person)
    units = list(members.values())
    largest = int(upper.max())
    for unit in units:
        if len(unit) > largest:
            raise InfeasibleTeamsError(
                f"people {unit} must be kept together, but no team takes more than {largest}"
            )
        if not accepted[unit].all(axis=0).any():
            raise InfeasibleTeamsError(
                f"people {unit} must be kept together, but no team's challenge is accepted "
                "by all of them"
                if len(unit) > 1
                else f"person {unit[0]} accepts no team"
            )
    unit_accepted = np.array([accepted[unit].all(axis=0) for unit in units])
    if unit_accepted.all():
        return units, None
    return units, _hard_start(units, unit_accepted, lower, upper, rng)


def form_forum_teams(
    distance: npt.NDArray[np.float64],
    lower: npt.NDArray[np.int64],
    upper: npt.NDArray[np.int64],
    rules: SessionRules,
    *,
    rng: np.random.Generator,
    seconds: float = 2.0,
    max_rounds: int | None = None,
    progress: ProgressCallback | None = None,
    workers: int = WORKERS,
) -> SessionTeams:
    """Form teams of sizes within ``lower..upper`` that maximise diversity under ``rules``.

    ``distance`` is a symmetric matrix of differences between people (see
    ``diversity_distances``). ``workers`` searches run in threads, each until ``seconds`` pass or
    it has done ``max_rounds`` rounds; the same seed, ``workers`` and ``max_rounds`` give the same
    teams when the clock does not stop the run.
    Errors: ``ValueError`` for malformed input; ``InfeasibleTeamsError``, before any search, when
    the bounds and rules contradict each other, and after it if the search found no teams that
    keep every hard rule.
    """
    person_count = distance.shape[0]
    team_count = lower.shape[0]
    if distance.shape != (person_count, person_count) or not np.all(np.isfinite(distance)):
        raise ValueError("the distance matrix must be square and finite")
    if np.any(distance < 0) or not np.allclose(distance, distance.T):
        raise ValueError("the distance matrix must be symmetric and non-negative")
    _check_pairs(person_count, rules)
    accepted, bonus, rank = _preferences(person_count, team_count, rules, distance)
    units, start = _explain_rules(person_count, rules, accepted, lower, upper, rng)
    # A broken hard rule costs more than all diversity and bonus together.
    penalty = 2.0 * (float(np.abs(distance).sum()) + float(np.abs(bonus).sum())) + 1.0
    person_weight = distance.copy()
    np.fill_diagonal(person_weight, 0.0)
    for first, second in rules.keep_apart:
        person_weight[first, second] = person_weight[second, first] = -penalty
    membership = np.zeros((len(units), person_count))
    for index, unit in enumerate(units):
        membership[index, unit] = 1.0
    weight = membership @ person_weight @ membership.T
    np.fill_diagonal(weight, 0.0)
    unary = membership @ np.where(accepted, bonus, -penalty)
    has_hard_rule = bool(rules.keep_apart) or not accepted.all()
    problem = UnitProblem(
        weight=np.ascontiguousarray(weight),
        unary=np.ascontiguousarray(unary),
        unit_size=np.array([len(unit) for unit in units], dtype=np.int64),
        lower=lower.astype(np.int64),
        upper=upper.astype(np.int64),
        hard=penalty if has_hard_rule else float("inf"),
        accepted=np.array([accepted[unit].all(axis=0) for unit in units]),
    )
    result = search_grouping(
        problem,
        rng=rng,
        seconds=seconds,
        max_rounds=max_rounds,
        progress=progress,
        start=start,
        workers=workers,
    )
    labels = np.empty(person_count, dtype=np.int64)
    for index, unit in enumerate(units):
        labels[unit] = result.labels[index]
    people = np.arange(person_count)
    broken_apart = [(a, b) for a, b in rules.keep_apart if labels[a] == labels[b]]
    refused = people[~accepted[people, labels]].tolist()
    if broken_apart or refused:
        raise InfeasibleTeamsError(
            f"no teams were found that keep every hard rule: kept apart yet together {broken_apart}, "
            f"in a team whose challenge they do not accept {refused}"
        )
    teams = groups_of_labels(labels, team_count)
    person_rank = rank[people, labels]
    return SessionTeams(
        teams=teams,
        diversity=grouping_objective(distance, teams),
        preference_score=float(bonus[people, labels].sum()),
        first_choice_count=int((person_rank == 0).sum()),
        seconds=result.seconds,
        rounds=result.rounds,
    )
