"""A selection instance (pool, quotas, panel size) and its people grouped into types.

Method: the quota model of Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting
citizens' assemblies", Nature 596:548-552 (2021): a panel is a k-subset of the pool with
l_{f,v} <= |{i in panel : i has value v of category f}| <= u_{f,v} for every quota. People with the
same value in every quota category are interchangeable under these constraints, so every
computation here works on *types* (distinct value tuples) with counts, as the shared method note
(selection-method.md, "Where the peers lose time") describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Quota:
    """Bounds on how many panel members hold `value` of `category`."""

    category: str
    value: str
    minimum: int
    maximum: int

    def label(self) -> str:
        """Return the quota as `category=value`.

        Preconditions: none. Effects: none. Errors: none.
        """
        return f"{self.category}={self.value}"


@dataclass(frozen=True)
class SelectionInstance:
    """A pool of people, the quotas on their categories and the panel size.

    `person_values[i][j]` is person i's value of `categories[j]`; `categories` lists each quota
    category once, in the order of first appearance in `quotas`.
    """

    quotas: tuple[Quota, ...]
    person_ids: tuple[str, ...]
    person_values: tuple[tuple[str, ...], ...]
    panel_size: int
    categories: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        """Derive the category order and check the instance is well formed.

        Preconditions: none. Effects: sets `categories`.
        Errors: ValueError for a bound below 0 or min > max, a panel size below 1, duplicate
        quotas or person ids, a person with a missing value or a value no quota names.
        """
        categories = tuple(dict.fromkeys(quota.category for quota in self.quotas))
        object.__setattr__(self, "categories", categories)
        if self.panel_size < 1:
            raise ValueError(f"the panel size must be at least 1, not {self.panel_size}")
        seen: set[tuple[str, str]] = set()
        for quota in self.quotas:
            if quota.minimum < 0 or quota.maximum < quota.minimum:
                raise ValueError(
                    f"quota {quota.label()}: need 0 <= min <= max, got {quota.minimum}..{quota.maximum}"
                )
            if (quota.category, quota.value) in seen:
                raise ValueError(f"quota {quota.label()} is given twice")
            seen.add((quota.category, quota.value))
        if len(set(self.person_ids)) != len(self.person_ids):
            raise ValueError("person ids must be unique")
        if len(self.person_values) != len(self.person_ids):
            raise ValueError("person_values and person_ids must have the same length")
        for person_id, values in zip(self.person_ids, self.person_values, strict=True):
            if len(values) != len(categories):
                raise ValueError(f"person {person_id}: needs one value per category {categories}")
            for category, value in zip(categories, values, strict=True):
                if (category, value) not in seen:
                    raise ValueError(
                        f"person {person_id}: value {value!r} of {category} has no quota"
                    )

    @property
    def pool_size(self) -> int:
        """Return the number of people in the pool.

        Preconditions: none. Effects: none. Errors: none.
        """
        return len(self.person_ids)


@dataclass(frozen=True)
class PoolTypes:
    """The pool grouped into types of interchangeable people.

    `members[t]` are the person indices of type t (ascending), `counts[t] = len(members[t])`;
    `membership[q, t]` is 1 when type t holds the value of quota q. Types are ordered by their
    first member, so the grouping is deterministic.
    """

    instance: SelectionInstance
    members: tuple[tuple[int, ...], ...]
    counts: IntArray
    membership: IntArray
    minimums: IntArray
    maximums: IntArray

    @property
    def type_count(self) -> int:
        """Return the number of types.

        Preconditions: none. Effects: none. Errors: none.
        """
        return len(self.members)

    def type_of_person(self) -> IntArray:
        """Return, for each person index, the index of the person's type.

        Preconditions: none. Effects: none. Errors: none.
        """
        result = np.zeros(self.instance.pool_size, dtype=np.int64)
        for type_index, people in enumerate(self.members):
            result[list(people)] = type_index
        return result


def group_types(instance: SelectionInstance) -> PoolTypes:
    """Group the pool into types: people with equal values in every quota category.

    Preconditions: `instance` is well formed (its constructor checks). Effects: none.
    Errors: none.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, values in enumerate(instance.person_values):
        groups.setdefault(values, []).append(index)
    quota_index = {(q.category, q.value): i for i, q in enumerate(instance.quotas)}
    membership = np.zeros((len(instance.quotas), len(groups)), dtype=np.int64)
    for type_index, values in enumerate(groups):
        for category, value in zip(instance.categories, values, strict=True):
            membership[quota_index[(category, value)], type_index] = 1
    return PoolTypes(
        instance=instance,
        members=tuple(tuple(people) for people in groups.values()),
        counts=np.array([len(people) for people in groups.values()], dtype=np.int64),
        membership=membership,
        minimums=np.array([q.minimum for q in instance.quotas], dtype=np.int64),
        maximums=np.array([q.maximum for q in instance.quotas], dtype=np.int64),
    )
