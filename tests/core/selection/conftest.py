"""Builders of small selection instances shared by the selection tests."""

import random
from collections.abc import Sequence

from impactdays.core.selection import PoolTypes, Quota, SelectionInstance, group_types


def make_types(
    quotas: Sequence[tuple[str, str, int, int]],
    people: Sequence[Sequence[str]],
    panel_size: int,
) -> PoolTypes:
    """Group a pool given as value rows (one value per category, in quota order) into types."""
    instance = SelectionInstance(
        quotas=tuple(Quota(c, v, low, high) for c, v, low, high in quotas),
        person_ids=tuple(f"p{i}" for i in range(len(people))),
        person_values=tuple(tuple(row) for row in people),
        panel_size=panel_size,
    )
    return group_types(instance)


def seeded(seed: int) -> random.Random:
    """Return the seeded generator a selection run takes."""
    return random.Random(seed)  # noqa: S311 - lotteries must replay from a seed, not be secret
