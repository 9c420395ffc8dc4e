"""Read maximally diverse grouping instances in the MDGPLIB text format.

Format of the library of Gallego, Laguna, Martí and Duarte (J. Oper. Res. Soc. 2013), distributed by
the Optsicom project: a first line ``n G type a_1 b_1 ... a_G b_G`` (``type`` is ``ss`` for equal
sizes, ``ds`` for different bounds), then one line ``i j d_ij`` per pair, with 0-based ``i`` and
``j``. Pairs that are absent weigh zero.
"""

from pathlib import Path

import numpy as np

from impactdays.core.teams.problem import GroupingProblem


class InstanceFormatError(ValueError):
    """An instance file that does not follow the MDGPLIB format; the message names file and line."""


def _fail(path: Path, line_number: int, message: str) -> InstanceFormatError:
    """Return an error naming ``path`` and ``line_number`` (1-based)."""
    return InstanceFormatError(f"{path}:{line_number}: {message}")


def read_mdgplib(path: Path) -> GroupingProblem:
    """Read the MDGPLIB instance at ``path`` into a grouping problem.

    Preconditions: ``path`` names a readable text file. Errors: ``InstanceFormatError`` naming the
    file and line of the first malformed line (bad header, bad numbers, ids out of range, a pair
    given twice or a negative or non-finite distance); ``OSError`` when the file cannot be read.
    """
    with path.open(encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    if not lines or not lines[0].strip():
        raise _fail(path, 1, "empty file: expected the header 'n G type a_1 b_1 ... a_G b_G'")
    head = lines[0].split()
    try:
        element_count = int(head[0])
        group_count = int(head[1])
    except (IndexError, ValueError):
        raise _fail(
            path, 1, "the header must start with the integers n and G: 'n G type a_1 b_1 ...'"
        ) from None
    if element_count < 1 or group_count < 1:
        raise _fail(path, 1, f"n and G must be positive, got n={element_count}, G={group_count}")
    if len(head) != 3 + 2 * group_count:
        raise _fail(
            path,
            1,
            f"the header needs 3 + 2*G = {3 + 2 * group_count} fields for G={group_count}, "
            f"found {len(head)}",
        )
    try:
        bounds = [int(field) for field in head[3:]]
    except ValueError:
        raise _fail(path, 1, "the group bounds a_g b_g must be integers") from None
    distance = np.zeros((element_count, element_count))
    seen = np.zeros((element_count, element_count), dtype=bool)
    for index, line in enumerate(lines[1:], start=2):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 3:
            raise _fail(path, index, f"expected 'i j d', found {len(fields)} fields")
        try:
            i, j, value = int(fields[0]), int(fields[1]), float(fields[2])
        except ValueError:
            raise _fail(path, index, "expected two integer ids and a number: 'i j d'") from None
        if not (0 <= i < element_count and 0 <= j < element_count) or i == j:
            raise _fail(path, index, f"ids must be two different numbers in 0..{element_count - 1}")
        if not np.isfinite(value) or value < 0:
            raise _fail(path, index, f"distance must be a finite number >= 0, got {fields[2]}")
        if seen[i, j]:
            raise _fail(path, index, f"the pair {i} {j} is given twice")
        seen[i, j] = seen[j, i] = True
        distance[i, j] = distance[j, i] = value
    lower = np.array(bounds[0::2], dtype=np.int64)
    upper = np.array(bounds[1::2], dtype=np.int64)
    return GroupingProblem(distance=distance, lower=lower, upper=upper)
