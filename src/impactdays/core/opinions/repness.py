"""Representative statements per group, consensus, group-informed consensus and divisive statements.

Method: Pol.is (compdemocracy/polis, math/src/polismath/math/repness.clj and stats.clj;
conversation.clj `group-aware-consensus`). Counts use a pseudo-count of 1; a one-proportion z and a
two-proportion z against the rest of the participants decide significance at z > 1.2816 (one-sided
90 %). Divisive statements are this project's addition: the statements whose agree rates differ
most across groups (vote-weighted spread of the groups' smoothed agree rates).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

Z_90 = 1.2816
REPRESENTATIVE_COUNT = 5
CONSENSUS_COUNT = 5
DIVISIVE_COUNT = 5


@dataclass(frozen=True)
class VoteCounts:
    """Agree, disagree and seen (agree + disagree + pass) counts; any shape, aligned."""

    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement chosen for a group: its column, agree or disagree, and the test values."""

    column: int
    is_agree: bool
    probability: float
    probability_test: float
    representativeness: float
    representativeness_test: float


def proportion_test(successes: FloatArray, trials: FloatArray) -> FloatArray:
    """Pol.is's one-proportion z: 2 sqrt(n + 1) ((s + 1) / (n + 1) - 0.5)."""
    return np.asarray(2.0 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5))


def two_proportion_test(
    successes_in: FloatArray,
    successes_out: FloatArray,
    trials_in: FloatArray,
    trials_out: FloatArray,
) -> FloatArray:
    """Pol.is's two-proportion z with +1 on all four counts; 0 when the pooled rate is 1."""
    s1, s2, n1, n2 = successes_in + 1, successes_out + 1, trials_in + 1, trials_out + 1
    pooled = (s1 + s2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    return np.asarray(
        np.divide(
            s1 / n1 - s2 / n2, np.sqrt(variance), out=np.zeros_like(pooled), where=pooled != 1
        )
    )


def _is_significant(z: FloatArray) -> npt.NDArray[np.bool_]:
    """z > 1.2816."""
    return np.asarray(z > Z_90)


def representative_statements(
    counts: VoteCounts, moderated_out: npt.NDArray[np.bool_]
) -> list[list[RepresentativeStatement]]:
    """Choose up to 5 representative statements per group (Pol.is's `select-rep-comments`).

    Preconditions: counts are (groups, statements). Moderated-out statements are skipped. A
    statement is sufficient when its agree (or disagree) proportion and ratio tests are both
    significant; sufficient ones are sorted by ratio x ratio test x probability x probability
    test, the best agree statement goes first, agrees come before disagrees. A group with no
    sufficient statement gets its best agree statement, or else the best by test.
    """
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    rest_na, rest_nd, rest_ns = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
    pat, pdt = proportion_test(na, ns), proportion_test(nd, ns)
    ra = pa / ((rest_na + 1) / (rest_ns + 2))
    rd = pd / ((rest_nd + 1) / (rest_ns + 2))
    rat = two_proportion_test(na, rest_na, ns, rest_ns)
    rdt = two_proportion_test(nd, rest_nd, ns, rest_ns)
    sufficient = (_is_significant(rat) & _is_significant(pat)) | (
        _is_significant(rdt) & _is_significant(pdt)
    )
    is_agree = rat > rdt
    score = np.where(is_agree, ra * rat * pa * pat, rd * rdt * pd * pdt)
    result = []
    kept = np.flatnonzero(~moderated_out)
    for group in range(na.shape[0]):

        def finalize(column: int, group: int = group) -> RepresentativeStatement:
            """The statement on its stronger side (agree when rat > rdt), Pol.is's way."""
            agree = bool(is_agree[group, column])
            source = (pa, pat, ra, rat) if agree else (pd, pdt, rd, rdt)
            p, p_test, r, r_test = (float(array[group, column]) for array in source)
            return RepresentativeStatement(column, agree, p, p_test, r, r_test)

        best_agree = _best_agree(
            kept, na[group], nd[group], ra[group], rat[group], pa[group], pat[group]
        )
        chosen_columns = kept[sufficient[group, kept]]
        if len(chosen_columns) == 0:
            if best_agree is not None:
                result.append([finalize(best_agree)])
            elif len(kept):
                by_test = np.maximum(rat[group, kept], rdt[group, kept])
                result.append([finalize(int(kept[int(np.argmax(by_test))]))])
            else:
                result.append([])
            continue
        chosen_columns = chosen_columns[chosen_columns != best_agree]
        # Sorted by ratio x ratio test x probability x probability test of each statement's
        # side (stable: ties keep statement order); only the kept few become objects.
        order = np.argsort(-score[group, chosen_columns], kind="stable")
        top_columns = chosen_columns[order][: REPRESENTATIVE_COUNT - (best_agree is not None)]
        candidates = [finalize(int(column)) for column in top_columns]
        if best_agree is not None:
            candidates.insert(0, finalize(best_agree))
        top = candidates[:REPRESENTATIVE_COUNT]
        result.append([item for item in top if item.is_agree] + [i for i in top if not i.is_agree])
    return result


def _best_agree(
    columns: IntArray,
    na: FloatArray,
    nd: FloatArray,
    ra: FloatArray,
    rat: FloatArray,
    pa: FloatArray,
    pat: FloatArray,
) -> int | None:
    """The best agree statement of a group, scanning statements in order (`beats-best-agr?`)."""
    best: int | None = None
    for column in columns:
        if na[column] == 0 and nd[column] == 0:
            continue
        if best is not None and ra[best] > 1.0:
            beats = ra[column] * rat[column] * pa[column] * pat[column] > (
                ra[best] * rat[best] * pa[best] * pat[best]
            )
        elif best is not None:
            beats = pa[column] * pat[column] > pa[best] * pat[best]
        else:
            beats = bool(pat[column] > Z_90) or bool(ra[column] > 1.0 and pa[column] > 0.5)
        if beats:
            best = int(column)
    return best


def consensus_statements(
    counts: VoteCounts, moderated_out: npt.NDArray[np.bool_]
) -> tuple[list[int], list[int]]:
    """Pol.is's plain consensus over all participants: agree side and disagree side, top 5 each.

    Preconditions: counts are 1-D over statements. A statement qualifies when its smoothed rate
    exceeds 0.5 and its proportion test is significant; ranked by rate x test.
    """
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    sides = []
    for successes in (na, nd):
        p = (successes + 1) / (ns + 2)
        test = proportion_test(successes, ns)
        eligible = np.flatnonzero((p > 0.5) & _is_significant(test) & ~moderated_out)
        order = np.argsort(-(p * test)[eligible], kind="stable")
        sides.append([int(column) for column in eligible[order][:CONSENSUS_COUNT]])
    return sides[0], sides[1]


def group_informed_consensus(counts: VoteCounts) -> tuple[FloatArray, FloatArray]:
    """Product over groups of (agree + 1) / (seen + 2), and the same for disagree.

    Preconditions: counts are (groups, statements); seen counts passes.
    """
    agree = np.prod((counts.agree + 1) / (counts.seen + 2), axis=0)
    disagree = np.prod((counts.disagree + 1) / (counts.seen + 2), axis=0)
    return np.asarray(agree), np.asarray(disagree)


def divisive_statements(counts: VoteCounts, moderated_out: npt.NDArray[np.bool_]) -> list[int]:
    """The statements whose agree rates differ most across groups, most divisive first.

    Preconditions: counts are (groups, statements). The score is the vote-weighted standard
    deviation over groups of (agree + 1) / (seen + 2); statements no group voted on are left out.
    """
    if counts.agree.shape[0] < 2:
        return []
    rates = (counts.agree + 1) / (counts.seen + 2)
    weights = counts.seen
    totals = weights.sum(axis=0)
    mean = np.divide((rates * weights).sum(0), totals, out=np.zeros_like(totals), where=totals > 0)
    spread = np.divide(
        (weights * (rates - mean) ** 2).sum(0), totals, out=np.zeros_like(totals), where=totals > 0
    )
    eligible = np.flatnonzero((totals > 0) & ~moderated_out & (spread > 0))
    order = np.argsort(-spread[eligible], kind="stable")
    return [int(column) for column in eligible[order][:DIVISIVE_COUNT]]
