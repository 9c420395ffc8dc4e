"""Reading the CSV files of ``impactdays assign``: capacities, ranked preferences and pairs.

Formats (comma-separated, UTF-8, an optional header row whose first cell is ``workshop`` or
``participant``, blank lines ignored):

- capacities: ``workshop,capacity`` with a whole number of seats, each workshop once;
- preferences: ``participant,choice1,...,choiceN``, best first, each participant once; trailing
  empty cells are allowed so that rows of different lengths fit in one spreadsheet;
- pairs (forbidden or fixed): ``participant,workshop``.

Every error names the file and the line.
"""

import csv
from collections.abc import Collection, Iterator
from pathlib import Path

from impactdays.core.assignment.solver import AssignmentInputError


class CsvFormatError(AssignmentInputError):
    """A CSV file of the command is malformed; the message names the file and the line."""


def _rows(path: Path, header: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, stripped cells)`` of the non-blank rows, without the header row."""
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.reader(stream, strict=True)
        first = True
        try:
            for cells in reader:
                stripped = [cell.strip() for cell in cells]
                while stripped and not stripped[-1]:
                    stripped.pop()
                if not stripped:
                    continue
                if first and stripped[0].lower() == header:
                    first = False
                    continue
                first = False
                yield reader.line_num, stripped
        except (csv.Error, UnicodeDecodeError) as error:
            raise CsvFormatError(f"{path}, line {reader.line_num}: {error}") from None


def read_capacities(path: Path) -> dict[str, int]:
    """Read ``workshop,capacity`` rows. Errors: ``CsvFormatError`` naming the line."""
    capacities: dict[str, int] = {}
    for line, cells in _rows(path, "workshop"):
        if len(cells) != 2 or not cells[0]:
            raise CsvFormatError(f"{path}, line {line}: expected 'workshop,capacity'")
        workshop, text = cells
        try:
            seats = int(text)
        except ValueError:
            raise CsvFormatError(
                f"{path}, line {line}: capacity {text!r} is not a whole number"
            ) from None
        if seats < 0:
            raise CsvFormatError(f"{path}, line {line}: capacity of {workshop!r} is negative")
        if workshop in capacities:
            raise CsvFormatError(f"{path}, line {line}: workshop {workshop!r} appears twice")
        capacities[workshop] = seats
    return capacities


def read_preferences(path: Path, workshops: Collection[str]) -> dict[str, list[str]]:
    """Read ``participant,choice1,...`` rows, checking every choice against ``workshops``.

    Errors: ``CsvFormatError`` naming the line for an empty cell inside a list, an unknown workshop,
    a workshop listed twice or a participant on two rows.
    """
    preferences: dict[str, list[str]] = {}
    for line, cells in _rows(path, "participant"):
        participant, choices = cells[0], cells[1:]
        if not participant:
            raise CsvFormatError(f"{path}, line {line}: the participant is empty")
        if participant in preferences:
            raise CsvFormatError(f"{path}, line {line}: participant {participant!r} appears twice")
        for position, choice in enumerate(choices, start=1):
            if not choice:
                raise CsvFormatError(f"{path}, line {line}: choice {position} is empty")
            if choice not in workshops:
                raise CsvFormatError(f"{path}, line {line}: unknown workshop {choice!r}")
            if choice in choices[: position - 1]:
                raise CsvFormatError(f"{path}, line {line}: workshop {choice!r} is ranked twice")
        preferences[participant] = choices
    return preferences


def read_pairs(path: Path, workshops: Collection[str]) -> list[tuple[int, str, str]]:
    """Read ``participant,workshop`` rows as ``(line, participant, workshop)``.

    Errors: ``CsvFormatError`` naming the line for a row without two cells or an unknown workshop.
    """
    pairs: list[tuple[int, str, str]] = []
    for line, cells in _rows(path, "participant"):
        if len(cells) != 2 or not all(cells):
            raise CsvFormatError(f"{path}, line {line}: expected 'participant,workshop'")
        if cells[1] not in workshops:
            raise CsvFormatError(f"{path}, line {line}: unknown workshop {cells[1]!r}")
        pairs.append((line, cells[0], cells[1]))
    return pairs
