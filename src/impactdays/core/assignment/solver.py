"""Optimal assignment of participants to parallel workshops by ranked preference.

Method: a transportation problem solved as a minimum-cost flow (``assignment.flow``: the
primal-dual algorithm with potentials on a compact network). Costs follow the issue's rule: a k-th choice
costs k - 1 and any unlisted workshop costs twice the length of the longest list, so it is used only
when nothing listed fits. Three objectives:

- ``min-cost``: the minimum total cost (one flow).
- ``rank-maximal``: the most first choices, then the most second choices, and so on (Irving,
  Kavitha, Mehlhorn, Michail and Paluch, "Rank-maximal matchings", ACM TALG 2(4), 2006, for the
  definition). Computed exactly as a lexicographic sequence of flows: after each criterion the
  optimal dual solution fixes the optimal face by complementary slackness (arcs with a positive
  reduced cost are removed, arcs with a negative one forced, workshops whose capacity arc has a
  negative reduced cost must stay full), and the next criterion is optimised over that face.
- ``min-max-rank``: the smallest worst rank first (a bottleneck found by binary search over the
  ranks allowed), then the minimum total cost among the assignments that respect it.

Each flow comes with its potentials, and ``is_optimal`` reports that they were checked to be a dual
certificate (every residual arc has a non-negative reduced cost) for every flow solved.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from impactdays.core.assignment.flow import HUB, NO_HUB, min_cost_flow

ParticipantT = TypeVar("ParticipantT", bound=Hashable)
WorkshopT = TypeVar("WorkshopT", bound=Hashable)
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class Objective(StrEnum):
    """What ``assign_workshops`` optimises."""

    MIN_COST = "min-cost"
    RANK_MAXIMAL = "rank-maximal"
    MIN_MAX_RANK = "min-max-rank"


class AssignmentInputError(ValueError):
    """The preferences, capacities or pairs are malformed (the message names the problem)."""


class InfeasibleAssignmentError(ValueError):
    """No assignment places everyone under the capacities and forbidden pairs."""


@dataclass(frozen=True)
class Assignment(Generic[ParticipantT, WorkshopT]):
    """The result of ``assign_workshops``.

    ``workshops`` maps every participant to a workshop; ``ranks`` gives the rank (1 = first choice) of
    that workshop in the participant's list, or ``None`` when it is unlisted. ``rank_profile[k]``
    counts the participants who got their (k + 1)-th choice, ``unranked_count`` those placed outside
    their list; ``cost`` is the total cost under the issue's rule whatever the objective.
    """

    workshops: dict[ParticipantT, WorkshopT]
    ranks: dict[ParticipantT, int | None]
    rank_profile: tuple[int, ...]
    unranked_count: int
    cost: int
    objective: Objective
    is_optimal: bool


@dataclass
class _Network:
    """The compact flow network of one instance (``assignment.flow`` explains the layout).

    ``arc_rank`` is the 0-based rank of each arc's workshop in its participant's list, or ``lists``
    (the longest list's length) for an unlisted workshop reached by an explicit arc.
    """

    arc_start: IntArray
    arc_workshop: IntArray
    arc_rank: IntArray
    has_hub: BoolArray
    hub_open: BoolArray
    capacity: IntArray
    must_fill: BoolArray
    lists: int

    def copy(self) -> "_Network":
        return _Network(
            self.arc_start.copy(),
            self.arc_workshop.copy(),
            self.arc_rank.copy(),
            self.has_hub.copy(),
            self.hub_open.copy(),
            self.capacity.copy(),
            self.must_fill.copy(),
            self.lists,
        )

    @property
    def arc_participant(self) -> IntArray:
        return np.repeat(np.arange(self.arc_start.size - 1), np.diff(self.arc_start))

    def keep_arcs(self, keep: BoolArray) -> None:
        """Remove the arcs where ``keep`` is false."""
        counts = np.bincount(self.arc_participant[keep], minlength=self.arc_start.size - 1)
        self.arc_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.arc_workshop = self.arc_workshop[keep]
        self.arc_rank = self.arc_rank[keep]


@dataclass
class _Flow:
    """One solved flow: the arc each participant uses (or ``HUB``), hub seats and potentials."""

    arc_of: IntArray
    hub_flow: IntArray
    potential: IntArray
    arc_cost: IntArray
    hub_cost: IntArray
    sink_cost: IntArray
    is_certified: bool


def _solve(network: _Network, rank_cost: IntArray, participants: int) -> _Flow | None:
    """Solve the flow with ``rank_cost[r]`` per seat of rank ``r``; ``None`` when infeasible.

    ``rank_cost`` has ``lists + 1`` entries, the last for unlisted seats. Workshops that must stay
    full get a sink cost of 0 and the others a penalty larger than any difference in the criterion,
    so every optimal flow fills them.
    """
    arc_cost = rank_cost[network.arc_rank]
    hub_cost = np.where(network.has_hub, rank_cost[network.lists], NO_HUB).astype(np.int64)
    penalty = int(rank_cost.max() - rank_cost.min()) * participants + 1
    sink_cost = np.where(network.must_fill | ~network.must_fill.any(), 0, penalty).astype(np.int64)
    placed, arc_of, hub_flow, potential = min_cost_flow(
        network.arc_start,
        network.arc_workshop,
        arc_cost,
        hub_cost,
        network.hub_open,
        network.capacity,
        sink_cost,
    )
    if placed < participants:
        return None
    flow = _Flow(arc_of, hub_flow, potential, arc_cost, hub_cost, sink_cost, is_certified=False)
    flow.is_certified = _is_certificate(network, flow)
    return flow


def _reduced_costs(network: _Network, flow: _Flow) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Reduced costs of the participant arcs, hub arcs, hub-to-workshop arcs and sink arcs."""
    n = network.arc_start.size - 1
    m = network.capacity.size
    pi = flow.potential
    arc = flow.arc_cost + pi[network.arc_participant] - pi[n + network.arc_workshop]
    hub = flow.hub_cost + pi[:n] - pi[n + m]
    hub_out = pi[n + m] - pi[n : n + m]
    sink = flow.sink_cost + pi[n : n + m] - pi[n + m + 1]
    return arc, hub, hub_out, sink


def _arc_used(network: _Network, flow: _Flow) -> BoolArray:
    used = np.zeros(network.arc_workshop.size, dtype=np.bool_)
    used[flow.arc_of[flow.arc_of >= 0]] = True
    return used


def _load(network: _Network, flow: _Flow) -> IntArray:
    direct = network.arc_workshop[flow.arc_of[flow.arc_of >= 0]]
    return np.bincount(direct, minlength=network.capacity.size) + flow.hub_flow


def _is_certificate(network: _Network, flow: _Flow) -> bool:
    """Whether the potentials prove the flow optimal: no residual arc has a negative reduced cost."""
    arc, hub, hub_out, sink = _reduced_costs(network, flow)
    used = _arc_used(network, flow)
    in_hub = flow.arc_of == HUB
    load = _load(network, flow)
    return bool(
        (arc[~used] >= 0).all()
        and (arc[used] <= 0).all()
        and (hub[network.has_hub & ~in_hub] >= 0).all()
        and (hub[in_hub] <= 0).all()
        and (hub_out[network.hub_open] >= 0).all()
        and (hub_out[flow.hub_flow > 0] <= 0).all()
        and (sink[load < network.capacity] >= 0).all()
        and (sink[load > 0] <= 0).all()
    )


def _fix_optimal_face(network: _Network, flow: _Flow) -> _Network:
    """Restrict the network to the flows that are optimal for ``flow``'s costs.

    By complementary slackness with ``flow``'s potentials (an optimal dual solution), an arc with a
    positive reduced cost carries nothing in every optimal flow and one with a negative reduced cost
    is saturated in every optimal flow; every flow that obeys both is optimal.
    """
    arc, hub, hub_out, sink = _reduced_costs(network, flow)
    restricted = network.copy()
    participant = network.arc_participant
    forced_arc = arc < 0
    forced_participant = np.zeros(network.arc_start.size - 1, dtype=np.bool_)
    forced_participant[participant[forced_arc]] = True
    forced_hub = network.has_hub & (hub < 0)
    forced_participant |= forced_hub
    keep = (arc <= 0) & (~forced_participant[participant] | forced_arc)
    restricted.has_hub = network.has_hub & (hub <= 0) & ~(forced_participant & ~forced_hub)
    restricted.hub_open = network.hub_open & (hub_out <= 0)
    restricted.capacity = np.where(sink > 0, 0, network.capacity)
    restricted.must_fill = network.must_fill | (sink < 0)
    restricted.keep_arcs(keep)
    return restricted


def _rank_costs(lists: int, objective_rank: int | None = None) -> IntArray:
    """The issue's costs (k-th choice k - 1, unlisted 2 * lists), or the indicator of ranks above one."""
    if objective_rank is None:
        return np.append(np.arange(lists, dtype=np.int64), 2 * lists)
    return (np.arange(lists + 1) > objective_rank).astype(np.int64)


def _solve_or_raise(network: _Network, rank_cost: IntArray, participants: int) -> _Flow:
    flow = _solve(network, rank_cost, participants)
    if flow is None:
        raise InfeasibleAssignmentError(
            "no assignment places everyone: the forbidden pairs and capacities leave some "
            "participants without a free seat"
        )
    return flow


def _optimise(
    network: _Network, objective: Objective, participants: int
) -> tuple[_Network, _Flow, bool]:
    """Solve ``objective``; return the network of the final flow, that flow, and whether every
    flow solved on the way came with a checked dual certificate."""
    lists = network.lists
    if objective is Objective.RANK_MAXIMAL:
        return _rank_maximal(network, participants)
    issue_costs = _rank_costs(lists)
    flow = _solve_or_raise(network, issue_costs, participants)
    best_network, best, certified = network, flow, flow.is_certified
    if objective is Objective.MIN_MAX_RANK:
        low, high = 0, _worst_rank(network, flow)
        while low < high:
            middle = (low + high) // 2
            bounded = _bounded(network, middle)
            candidate = _solve(bounded, issue_costs, participants)
            if candidate is None:
                low = middle + 1
            else:
                certified = certified and candidate.is_certified
                best_network, best = bounded, candidate
                high = _worst_rank(bounded, candidate)
    return best_network, best, certified


def _rank_maximal(network: _Network, participants: int) -> tuple[_Network, _Flow, bool]:
    """Stage k minimises the seats ranked worse than k + 1 on the optimal face of stage k - 1.

    Given the earlier stages' counts, that is maximising the (k + 1)-th choices; a stage that
    leaves nobody worse than k + 1 ends the sequence, since every later stage would be zero.
    """
    lists = network.lists
    stages = max(lists, 1)
    certified = True
    for rank in range(stages):
        flow = _solve_or_raise(network, _rank_costs(lists, rank), participants)
        certified = certified and flow.is_certified
        if _worst_rank(network, flow) <= rank or rank == stages - 1:
            break
        network = _fix_optimal_face(network, flow)
    return network, flow, certified


def _worst_rank(network: _Network, flow: _Flow) -> int:
    ranks = network.arc_rank[flow.arc_of[flow.arc_of >= 0]]
    if (flow.arc_of == HUB).any():
        return network.lists
    return int(ranks.max()) if ranks.size else 0


def _bounded(network: _Network, worst: int) -> _Network:
    """The network without seats ranked worse than ``worst`` (0-based; ``lists`` = unlisted)."""
    bounded = network.copy()
    bounded.keep_arcs(network.arc_rank <= worst)
    if worst < network.lists:
        bounded.has_hub = np.zeros_like(network.has_hub)
    return bounded


def _seat_hub(
    hub_participants: list[int],
    hub_flow: IntArray,
    choices: list[list[int]],
    forbidden: list[set[int]],
) -> tuple[dict[int, int], list[int]]:
    """Give each hub participant one of the hub's seats outside its excluded workshops.

    The flow only counts the unlisted seats per workshop; any pairing has the same cost, but a
    participant must not get a forbidden workshop (nor one it listed, which the flow prices
    differently). Greedy, most constrained first, each to the workshop with the most seats left;
    returns the seats given and the participants left without one.
    """
    excluded = {p: set(choices[p]) | forbidden[p] for p in hub_participants}
    remaining = hub_flow.copy()
    with_seats = {int(w) for w in np.flatnonzero(remaining)}
    constrained = [p for p in hub_participants if excluded[p] & with_seats]
    unconstrained = [p for p in hub_participants if not excluded[p] & with_seats]
    constrained.sort(key=lambda p: -len(excluded[p] & with_seats))
    seats: dict[int, int] = {}
    unseated: list[int] = []
    for p in constrained:
        options = [w for w in sorted(with_seats - excluded[p]) if remaining[w] > 0]
        if not options:
            unseated.append(p)
            continue
        w = max(options, key=lambda w: int(remaining[w]))
        seats[p] = w
        remaining[w] -= 1
    left = np.repeat(np.arange(remaining.size), remaining).tolist()
    for p, w_left in zip(unconstrained, left, strict=False):
        seats[p] = w_left
    return seats, unseated


def _network(
    choices: list[list[int]],
    forbidden: list[set[int]],
    explicit: set[int],
    capacity: IntArray,
    lists: int,
) -> _Network:
    """Build the network; participants in ``explicit`` reach unlisted workshops by explicit arcs."""
    m = capacity.size
    lengths = np.fromiter((len(listed) for listed in choices), dtype=np.int64, count=len(choices))
    owner = np.repeat(np.arange(len(choices), dtype=np.int64), lengths)
    workshop = np.fromiter(
        (w for listed in choices for w in listed), dtype=np.int64, count=int(lengths.sum())
    )
    rank = np.arange(owner.size, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    banned = [p * m + w for p, ws in enumerate(forbidden) for w in ws]
    keep = ~np.isin(owner * m + workshop, banned) if banned else np.ones(owner.size, np.bool_)
    owner, workshop, rank = owner[keep], workshop[keep], rank[keep]
    if explicit:
        extra = [
            (p, w)
            for p in sorted(explicit)
            for w in range(m)
            if w not in forbidden[p] and w not in set(choices[p])
        ]
        extra_array = np.array(extra, dtype=np.int64).reshape(-1, 2)
        owner = np.concatenate([owner, extra_array[:, 0]])
        workshop = np.concatenate([workshop, extra_array[:, 1]])
        rank = np.concatenate([rank, np.full(len(extra), lists, dtype=np.int64)])
        order = np.argsort(owner, kind="stable")
        owner, workshop, rank = owner[order], workshop[order], rank[order]
    counts = np.bincount(owner, minlength=len(choices))
    has_hub = np.ones(len(choices), dtype=np.bool_)
    has_hub[sorted(explicit)] = False
    return _Network(
        arc_start=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        arc_workshop=workshop,
        arc_rank=rank,
        has_hub=has_hub,
        hub_open=np.ones(m, dtype=np.bool_),
        capacity=capacity.astype(np.int64),
        must_fill=np.zeros(m, dtype=np.bool_),
        lists=lists,
    )


def assign_workshops(
    preferences: Mapping[ParticipantT, Sequence[WorkshopT]],
    capacities: Mapping[WorkshopT, int],
    *,
    objective: Objective | str = Objective.MIN_COST,
    forbidden: Iterable[tuple[ParticipantT, WorkshopT]] = (),
    fixed: Mapping[ParticipantT, WorkshopT] | None = None,
) -> Assignment[ParticipantT, WorkshopT]:
    """Assign every participant to one workshop, optimally for ``objective``, under the capacities.

    Preconditions: ``preferences`` maps each participant to its workshops, best first (an empty
    list is allowed); ``capacities`` lists every workshop with its number of seats.
    ``forbidden`` pairs are never assigned (an earlier round's workshop, a clashing session);
    ``fixed`` pairs are kept as given (an organiser's adjustment) and use up their seats. A
    participant only in ``fixed`` is placed there. Costs, objectives and the method are described in
    this module's docstring; ties are broken deterministically.
    Errors: ``AssignmentInputError`` for an unknown objective or workshop, a workshop listed twice, a
    negative or non-integer capacity, or a fixed pair that is also forbidden;
    ``InfeasibleAssignmentError`` when the seats (left by the fixed pairs and forbidden pairs) cannot
    hold everyone.
    """
    try:
        goal = Objective(objective)
    except ValueError:
        choices_text = ", ".join(item.value for item in Objective)
        raise AssignmentInputError(
            f"unknown objective {objective!r} (expected one of {choices_text})"
        ) from None
    fixed = dict(fixed or {})
    workshops = list(capacities)
    index = {workshop: position for position, workshop in enumerate(workshops)}
    for workshop, size in capacities.items():
        if isinstance(size, bool) or not isinstance(size, int | np.integer):
            raise AssignmentInputError(f"capacity of workshop {workshop!r} is not an integer")
        if size < 0:
            raise AssignmentInputError(f"capacity of workshop {workshop!r} is negative ({size})")
    participants = list(preferences) + [p for p in fixed if p not in preferences]
    position = {participant: number for number, participant in enumerate(participants)}

    def workshop_index(participant: ParticipantT, workshop: WorkshopT, role: str) -> int:
        if workshop not in index:
            raise AssignmentInputError(
                f"participant {participant!r} {role} unknown workshop {workshop!r}"
            )
        return index[workshop]

    choices: list[list[int]] = []
    for participant in participants:
        try:
            listed = [index[w] for w in preferences.get(participant, ())]
        except KeyError:
            listed = [workshop_index(participant, w, "ranks") for w in preferences[participant]]
        if len(set(listed)) < len(listed):
            twice = next(w for w in listed if listed.count(w) > 1)
            raise AssignmentInputError(
                f"participant {participant!r} ranks workshop {workshops[twice]!r} twice"
            )
        choices.append(listed)
    excluded_pairs: list[set[int]] = [set() for _ in participants]
    for participant, workshop in forbidden:
        if participant not in position:
            raise AssignmentInputError(f"forbidden pair names unknown participant {participant!r}")
        excluded_pairs[position[participant]].add(
            workshop_index(participant, workshop, "is forbidden from")
        )
    capacity = np.array([int(capacities[w]) for w in workshops], dtype=np.int64)
    for participant, workshop in fixed.items():
        w = workshop_index(participant, workshop, "is fixed to")
        if w in excluded_pairs[position[participant]]:
            raise AssignmentInputError(
                f"participant {participant!r} is both fixed to and forbidden from "
                f"workshop {workshop!r}"
            )
        capacity[w] -= 1
        if capacity[w] < 0:
            raise InfeasibleAssignmentError(
                f"workshop {workshop!r} has {capacities[workshop]} seats but more fixed participants"
            )
    total = sum(int(size) for size in capacities.values())
    if len(participants) > total:
        people = "participant" if len(participants) == 1 else "participants"
        raise InfeasibleAssignmentError(f"{len(participants)} {people} but only {total} seats")

    free = [number for number, p in enumerate(participants) if p not in fixed]
    # (fixed participants are placed before the flow, which sees only the others)
    free_choices = [choices[number] for number in free]
    free_forbidden = [excluded_pairs[number] for number in free]
    lists = max((len(listed) for listed in choices), default=0)
    explicit: set[int] = set()
    while True:
        network = _network(free_choices, free_forbidden, explicit, capacity, lists)
        solved_on, flow, certified = _optimise(network, goal, len(free))
        hub_participants = [int(p) for p in np.flatnonzero(flow.arc_of == HUB)]
        seats, unseated = _seat_hub(hub_participants, flow.hub_flow, free_choices, free_forbidden)
        if not unseated:
            break
        explicit.update(unseated)

    # Workshop and 0-based rank (-1: unlisted) of every participant, in input order.
    seat = np.empty(len(participants), dtype=np.int64)
    rank = np.full(len(participants), -1, dtype=np.int64)
    local_seat = np.empty(len(free), dtype=np.int64)
    local_rank = np.full(len(free), -1, dtype=np.int64)
    direct = flow.arc_of >= 0
    local_seat[direct] = solved_on.arc_workshop[flow.arc_of[direct]]
    local_rank[direct] = solved_on.arc_rank[flow.arc_of[direct]]
    for local, hub_seat in seats.items():
        local_seat[local] = hub_seat
    local_rank[local_rank >= lists] = -1
    seat[free] = local_seat
    rank[free] = local_rank
    for participant, workshop in fixed.items():
        number = position[participant]
        seat[number] = index[workshop]
        listed = choices[number]
        rank[number] = listed.index(index[workshop]) if index[workshop] in listed else -1
    profile = np.bincount(rank[rank >= 0], minlength=lists)
    unranked = int((rank < 0).sum())
    cost = int((profile * np.arange(lists)).sum()) + 2 * lists * unranked
    return Assignment(
        workshops=dict(zip(participants, [workshops[w] for w in seat.tolist()], strict=True)),
        ranks=dict(
            zip(participants, [r + 1 if r >= 0 else None for r in rank.tolist()], strict=True)
        ),
        rank_profile=tuple(int(count) for count in profile),
        unranked_count=unranked,
        cost=cost,
        objective=goal,
        is_optimal=certified,
    )
