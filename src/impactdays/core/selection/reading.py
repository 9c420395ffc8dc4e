"""Read selection instances from the two CSV formats sortition tools use.

Formats: (A) the replication data of Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596:548-552
(2021), github.com/pgoelz/citizensassemblies-replication: `categories.csv` with
`category,feature,min,max` and `respondents.csv` with one column per category and no id; (B) the
Sortition Foundation's sortition-algorithms (PyPI): `features.csv` with
`feature,value,min,max[,min_flex,max_flex]` and a people file with an id column such as
`nationbuilder_id`. People are named by their id column where the file has one, else by their
0-based row number. Every error names the file and the line.
"""

from __future__ import annotations

import csv
from pathlib import Path

from impactdays.core.selection.instance import Quota, SelectionInstance

ID_COLUMNS = ("nationbuilder_id", "id", "person_id", "respondent_id")


class SelectionInputError(ValueError):
    """A malformed input file; the message starts with `file:line:`."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        """Keep the place of the error and format the message.

        Preconditions: none. Effects: none. Errors: none.
        """
        self.path = path
        self.line = line
        super().__init__(f"{path}:{line}: {message}")


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return the stripped header and (line number, row) pairs of a CSV file."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise SelectionInputError(path, 1, "the file is empty")
            header = [name.strip() for name in header]
            rows: list[tuple[int, dict[str, str]]] = []
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    raise SelectionInputError(
                        path,
                        reader.line_num,
                        f"{len(cells)} fields where the header has {len(header)}",
                    )
                rows.append(
                    (
                        reader.line_num,
                        {name: cell.strip() for name, cell in zip(header, cells, strict=True)},
                    )
                )
    except OSError as error:
        raise SelectionInputError(path, 0, f"cannot read the file ({error.strerror})") from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise SelectionInputError(path, 0, f"not a UTF-8 CSV file ({error})") from error
    return header, rows


def _bound(path: Path, line: int, row: dict[str, str], name: str) -> int:
    """Parse a quota bound: a non-negative integer."""
    text = row[name]
    try:
        value = int(text)
    except ValueError:
        raise SelectionInputError(path, line, f"{name} {text!r} is not a whole number") from None
    if value < 0:
        raise SelectionInputError(path, line, f"{name} {value} is negative")
    return value


def read_quotas(path: Path) -> tuple[Quota, ...]:
    """Read quotas from `categories.csv` (format A) or `features.csv` (format B).

    Preconditions: none. Effects: reads the file.
    Errors: SelectionInputError naming file and line for a missing column, a bound that is not
    a non-negative whole number, min > max, or a quota given twice.
    """
    header, rows = _rows(path)
    lower = {name.lower(): name for name in header}
    if {"category", "feature"} <= lower.keys():
        category_column, value_column = lower["category"], lower["feature"]
    elif {"feature", "value"} <= lower.keys():
        category_column, value_column = lower["feature"], lower["value"]
    else:
        raise SelectionInputError(
            path,
            1,
            "the header needs category,feature,min,max or feature,value,min,max",
        )
    for needed in ("min", "max"):
        if needed not in lower:
            raise SelectionInputError(path, 1, f"the header has no {needed} column")
    quotas: list[Quota] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        category, value = row[category_column], row[value_column]
        if not category or not value:
            raise SelectionInputError(path, line, "empty category or value")
        minimum = _bound(path, line, row, lower["min"])
        maximum = _bound(path, line, row, lower["max"])
        if minimum > maximum:
            raise SelectionInputError(path, line, f"min {minimum} exceeds max {maximum}")
        if (category, value) in seen:
            raise SelectionInputError(path, line, f"quota {category}={value} is given twice")
        seen.add((category, value))
        quotas.append(Quota(category=category, value=value, minimum=minimum, maximum=maximum))
    if not quotas:
        raise SelectionInputError(path, 1, "no quotas")
    return tuple(quotas)


def _id_column(header: list[str], categories: set[str]) -> str | None:
    """Return the people file's id column, if it has one."""
    lower = {name.lower(): name for name in header if name not in categories}
    for candidate in ID_COLUMNS:
        if candidate in lower:
            return lower[candidate]
    for name in header:
        if name not in categories and name.lower().endswith("_id"):
            return name
    return None


def read_people(
    path: Path, quotas: tuple[Quota, ...], id_column: str | None = None
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Read the pool: each person's id and value of every quota category, in quota order.

    Preconditions: none. Effects: reads the file. Without `id_column`, a column named like
    `nationbuilder_id`, `id` or `*_id` is the id; without one, ids are 0-based row numbers.
    Errors: SelectionInputError naming file and line for a missing category or id column, a
    value with no quota, an empty or duplicate id, or an empty pool.
    """
    header, rows = _rows(path)
    categories = list(dict.fromkeys(quota.category for quota in quotas))
    for category in categories:
        if category not in header:
            raise SelectionInputError(path, 1, f"the header has no column {category!r}")
    if id_column is not None and id_column not in header:
        raise SelectionInputError(path, 1, f"the header has no id column {id_column!r}")
    column = id_column if id_column is not None else _id_column(header, set(categories))
    known = {(quota.category, quota.value) for quota in quotas}
    ids: list[str] = []
    values: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for row_number, (line, row) in enumerate(rows):
        person = row[column] if column is not None else str(row_number)
        if not person:
            raise SelectionInputError(path, line, f"empty {column}")
        if person in seen:
            raise SelectionInputError(path, line, f"id {person!r} appears twice")
        seen.add(person)
        mine = tuple(row[category] for category in categories)
        for category, value in zip(categories, mine, strict=True):
            if (category, value) not in known:
                raise SelectionInputError(
                    path, line, f"{category} {value!r} is not among the quotas' values"
                )
        ids.append(person)
        values.append(mine)
    if not ids:
        raise SelectionInputError(path, 1, "no people")
    return tuple(ids), tuple(values)


def read_instance(
    categories_path: Path, people_path: Path, panel_size: int, id_column: str | None = None
) -> SelectionInstance:
    """Read a selection instance from a quotas file and a people file.

    Preconditions: panel_size >= 1. Effects: reads both files.
    Errors: SelectionInputError as `read_quotas` and `read_people`; ValueError for a panel size
    below 1.
    """
    quotas = read_quotas(categories_path)
    ids, values = read_people(people_path, quotas, id_column)
    return SelectionInstance(
        quotas=quotas, person_ids=ids, person_values=values, panel_size=panel_size
    )
