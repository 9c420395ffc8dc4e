"""Which statement to show a voter next: Pol.is's comment priority and a weighted random draw.

Method: Pol.is (compdemocracy/polis, math/src/polismath/math/conversation.clj,
`importance-metric` and `priority-metric`): importance = (1 - p)(E + 1) a with p and a the
smoothed pass and agree rates and E the statement's extremity; priority = (importance x (1 + 8 x
2^(-S/5)))^2, so new statements bubble up; meta statements are fixed at 7^2. The next statement is
drawn at random among those the voter has not voted on, with probability proportional to priority.
"""

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

META_PRIORITY = 7.0


def statement_priorities(
    agree: FloatArray,
    disagree: FloatArray,
    seen: FloatArray,
    extremity: FloatArray,
    is_meta: npt.NDArray[np.bool_],
) -> FloatArray:
    """Priority of every statement from its summed group vote counts and its extremity.

    Preconditions: arrays are aligned over statements; seen counts agree, disagree and pass.
    """
    passes = seen - agree - disagree
    p = (passes + 1) / (seen + 2)
    a = (agree + 1) / (seen + 2)
    importance = (1 - p) * (extremity + 1) * a
    boosted = importance * (1 + 8 * np.power(2.0, -seen / 5))
    return np.asarray(np.where(is_meta, META_PRIORITY, boosted) ** 2, dtype=np.float64)


def next_statement(
    priorities: FloatArray, has_voted: npt.NDArray[np.bool_], rng: np.random.Generator
) -> int | None:
    """Draw the column of the next statement to show, weighted by priority; None when all seen.

    Preconditions: `has_voted` flags the statements this voter has voted on (or that are
    moderated out). Effects: draws from `rng`. Statements of priority 0 are drawn only when
    every remaining one has priority 0.
    """
    candidates = np.flatnonzero(~has_voted)
    if len(candidates) == 0:
        return None
    weights = priorities[candidates]
    total = weights.sum()
    if total <= 0:
        return int(candidates[rng.integers(len(candidates))])
    return int(rng.choice(candidates, p=weights / total))
