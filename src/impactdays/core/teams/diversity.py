"""Diversity between people from their attributes: a weighted Gower-style distance.

Method: Gower's general coefficient of dissimilarity (Gower, Biometrics 27(4), 1971): each attribute
contributes its weight times a dissimilarity in [0, 1] (categorical: differ or not; numeric: absolute
difference over the attribute's range; a set of values such as languages: Jaccard distance), and
an unknown value contributes nothing. Summed over pairs inside teams it is the MDGP objective.
"""

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt


class AttributeKind(StrEnum):
    """How an attribute's values compare."""

    CATEGORICAL = "categorical"
    NUMERIC = "numeric"
    SET = "set"


@dataclass(frozen=True)
class Attribute:
    """One answer that counts towards diversity: its key in the profiles, kind and weight >= 0."""

    name: str
    kind: AttributeKind
    weight: float = 1.0


AttributeValue = str | int | float | Set[str] | None


def _categorical(values: list[AttributeValue]) -> npt.NDArray[np.float64]:
    """Return 1 where two known values differ, else 0."""
    codes: dict[AttributeValue, int] = {}
    code = np.array(
        [-1 if value is None else codes.setdefault(value, len(codes)) for value in values]
    )
    known = code >= 0
    differ = code[:, None] != code[None, :]
    return np.asarray(differ & known[:, None] & known[None, :], dtype=np.float64)


def _numeric(name: str, values: list[AttributeValue]) -> npt.NDArray[np.float64]:
    """Return ``|x - y| / range`` between known numbers, 0 where one is unknown."""
    numbers = np.full(len(values), np.nan)
    for index, value in enumerate(values):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"attribute {name!r} is numeric but person {index} has {value!r}")
        numbers[index] = float(value)
    if np.all(np.isnan(numbers)):
        return np.zeros((len(values), len(values)))
    spread = float(np.nanmax(numbers) - np.nanmin(numbers))
    difference = np.abs(numbers[:, None] - numbers[None, :]) / (spread if spread > 0 else 1.0)
    return np.asarray(np.nan_to_num(difference, nan=0.0), dtype=np.float64)


def _set_valued(name: str, values: list[AttributeValue]) -> npt.NDArray[np.float64]:
    """Return the Jaccard distance between known, non-empty sets, 0 where one is unknown."""
    labels = sorted({item for value in values if isinstance(value, Set) for item in value})
    position = {label: index for index, label in enumerate(labels)}
    member = np.zeros((len(values), len(labels)))
    for index, value in enumerate(values):
        if value is None:
            continue
        if not isinstance(value, Set):
            raise ValueError(f"attribute {name!r} holds sets but person {index} has {value!r}")
        member[index, [position[item] for item in value]] = 1.0
    common = member @ member.T
    count = member.sum(axis=1)
    union = count[:, None] + count[None, :] - common
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.where(union > 0, 1.0 - common / union, 0.0)
    known = count > 0
    return np.asarray(distance * (known[:, None] & known[None, :]), dtype=np.float64)


def diversity_distances(
    profiles: Sequence[Mapping[str, AttributeValue]], attributes: Sequence[Attribute]
) -> npt.NDArray[np.float64]:
    """Return the ``n x n`` matrix of weighted attribute differences between people.

    ``profiles[i]`` maps attribute names to person ``i``'s answer (absent or ``None``: unknown).
    Effects: none. Errors: ``ValueError`` for a negative or non-finite weight, or a value of the
    wrong kind (a text for a numeric attribute, a single value for a set attribute).
    """
    size = len(profiles)
    total = np.zeros((size, size))
    for attribute in attributes:
        if not np.isfinite(attribute.weight) or attribute.weight < 0:
            raise ValueError(f"attribute {attribute.name!r} needs a finite weight >= 0")
        values = [profile.get(attribute.name) for profile in profiles]
        if attribute.kind is AttributeKind.CATEGORICAL:
            part = _categorical(values)
        elif attribute.kind is AttributeKind.NUMERIC:
            part = _numeric(attribute.name, values)
        else:
            part = _set_valued(attribute.name, values)
        total += attribute.weight * part
    np.fill_diagonal(total, 0.0)
    return total
