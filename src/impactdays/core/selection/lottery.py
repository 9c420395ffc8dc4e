"""A lottery over panels, its selection probabilities, its Gini coefficient and a seeded draw.

Method: Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting citizens'
assemblies", Nature 596:548-552 (2021): a selection algorithm is a probability distribution over
quota-feasible panels; person i's selection probability is the weight of the panels containing i.
Panels are stored over types (how many of each type sit on the panel); a draw picks a panel by its
weight, then that many members of each type uniformly at random, so each member of type t is
selected with probability E[x_t]/count_t, exactly the stored probability. Gini as the paper's
analysis defines it: sum_i (2i - n + 1) p_(i) / (n k) over ascending probabilities.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from impactdays.core.selection.instance import FloatArray, IntArray, PoolTypes


@dataclass(frozen=True)
class PanelDistribution:
    """Panels over types (`panels[j][t]` members of type t) and their weights, summing to 1."""

    types: PoolTypes
    panels: tuple[IntArray, ...]
    weights: FloatArray

    def type_probabilities(self) -> FloatArray:
        """Return each type's per-person selection probability under the distribution.

        Preconditions: none. Effects: none. Errors: none.
        """
        expected = np.zeros(self.types.type_count)
        for weight, panel in zip(self.weights, self.panels, strict=True):
            expected += weight * panel
        return np.asarray(expected / self.types.counts, dtype=np.float64)

    def person_probabilities(self) -> FloatArray:
        """Return each person's selection probability, indexed like the instance's people.

        Preconditions: none. Effects: none. Errors: none.
        """
        return np.asarray(self.type_probabilities()[self.types.type_of_person()], dtype=np.float64)


def draw_panel(distribution: PanelDistribution, rng: random.Random) -> list[int]:
    """Draw one panel: a panel over types by weight, then members of each type uniformly.

    Preconditions: the weights are non-negative and sum to 1 (up to rounding).
    Effects: advances `rng`. Errors: none. Returns ascending person indices.
    """
    threshold = rng.random() * float(distribution.weights.sum())
    chosen = len(distribution.panels) - 1
    running = 0.0
    for index, weight in enumerate(distribution.weights):
        running += float(weight)
        if threshold < running:
            chosen = index
            break
    people: list[int] = []
    for type_index, how_many in enumerate(distribution.panels[chosen]):
        if how_many:
            people.extend(rng.sample(distribution.types.members[type_index], int(how_many)))
    return sorted(people)


def gini(probabilities: FloatArray, panel_size: int) -> float:
    """Return the paper's Gini coefficient of selection probabilities.

    Preconditions: `probabilities` is non-empty and `panel_size` >= 1. Effects: none.
    Errors: none.
    """
    ordered = np.sort(probabilities)
    n = len(ordered)
    ranks = 2 * np.arange(n) - n + 1
    return float(ranks @ ordered / (n * panel_size))
