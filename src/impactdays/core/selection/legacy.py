"""LEGACY: the Sortition Foundation's earlier greedy panel selection, for comparison.

Method: as described by Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596:548-552 (2021),
Methods "LEGACY" (replication: `find_random_sample_legacy` in `stratification.py` of
github.com/pgoelz/citizensassemblies-replication). Repeatedly take the quota value with the highest
urgency ratio (seats still needed to reach its minimum / people still available holding it), pick a
uniformly random available person holding it, seat them, and remove everyone whose value has reached
its maximum; a dead end starts the draw again. Selection probabilities of LEGACY have no closed form;
`legacy_probabilities` estimates them from independent draws.
"""

from __future__ import annotations

import random

import numpy as np

from impactdays.core.selection.feasibility import check_feasible
from impactdays.core.selection.instance import FloatArray, PoolTypes

DEFAULT_ATTEMPTS = 100


class LegacyDeadEndError(RuntimeError):
    """The greedy failed to complete a panel in every attempt."""


def _quota_holders(types: PoolTypes) -> tuple[list[list[int]], list[list[int]]]:
    """Return the people holding each quota value and the quota values of each person."""
    instance = types.instance
    holders: list[list[int]] = [[] for _ in instance.quotas]
    person_quotas: list[list[int]] = []
    quota_index = {(q.category, q.value): i for i, q in enumerate(instance.quotas)}
    for person, values in enumerate(instance.person_values):
        mine = [
            quota_index[(category, value)]
            for category, value in zip(instance.categories, values, strict=True)
        ]
        person_quotas.append(mine)
        for index in mine:
            holders[index].append(person)
    return holders, person_quotas


def _legacy_attempt(
    types: PoolTypes,
    holders: list[list[int]],
    person_quotas: list[list[int]],
    rng: random.Random,
) -> list[int] | None:
    """One greedy pass; return the panel's person indices, or None on a dead end."""
    instance = types.instance
    quota_count = len(instance.quotas)
    available = [True] * instance.pool_size
    remaining = [len(people) for people in holders]
    selected = [0] * quota_count
    minimums = [q.minimum for q in instance.quotas]
    maximums = [q.maximum for q in instance.quotas]
    panel: list[int] = []

    def remove(person: int) -> None:
        available[person] = False
        for index in person_quotas[person]:
            remaining[index] -= 1

    for _ in range(instance.panel_size):
        best_ratio = -float("inf")
        best_quota = -1
        for index in range(quota_count):
            needed = minimums[index] - selected[index]
            if needed > remaining[index]:
                return None
            if remaining[index] == 0:
                continue
            ratio = needed / remaining[index]
            if ratio > best_ratio:
                best_ratio, best_quota = ratio, index
        if best_quota < 0:
            return None
        candidates = [person for person in holders[best_quota] if available[person]]
        person = candidates[rng.randrange(len(candidates))]
        panel.append(person)
        remove(person)
        for index in person_quotas[person]:
            selected[index] += 1
            if selected[index] == maximums[index]:
                for other in holders[index]:
                    if available[other]:
                        remove(other)
    if any(selected[i] < minimums[i] or selected[i] > maximums[i] for i in range(quota_count)):
        return None
    return sorted(panel)


def legacy_panel(
    types: PoolTypes, rng: random.Random, *, attempts: int = DEFAULT_ATTEMPTS
) -> list[int]:
    """Draw one panel with the LEGACY greedy, retrying dead ends.

    Preconditions: none. Effects: advances `rng`.
    Errors: InfeasibleQuotasError when no panel meets the quotas; LegacyDeadEndError when all
    `attempts` passes dead-end. Returns ascending person indices.
    """
    check_feasible(types)
    holders, person_quotas = _quota_holders(types)
    for _ in range(attempts):
        panel = _legacy_attempt(types, holders, person_quotas, rng)
        if panel is not None:
            return panel
    raise LegacyDeadEndError(f"LEGACY dead-ended in all {attempts} attempts")


def legacy_probabilities(
    types: PoolTypes, rng: random.Random, *, draws: int, attempts: int = DEFAULT_ATTEMPTS
) -> tuple[FloatArray, list[int]]:
    """Estimate LEGACY's selection probabilities from `draws` draws; also return the first panel.

    Preconditions: draws >= 1. Effects: advances `rng`.
    Errors: as `legacy_panel`.
    """
    check_feasible(types)
    holders, person_quotas = _quota_holders(types)
    selected = np.zeros(types.instance.pool_size)
    first: list[int] = []
    for draw in range(draws):
        panel: list[int] | None = None
        for _ in range(attempts):
            panel = _legacy_attempt(types, holders, person_quotas, rng)
            if panel is not None:
                break
        if panel is None:
            raise LegacyDeadEndError(f"LEGACY dead-ended in all {attempts} attempts")
        if draw == 0:
            first = panel
        selected[panel] += 1
    return np.asarray(selected / draws, dtype=np.float64), first
