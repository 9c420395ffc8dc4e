"""Read a conversation exported in the Pol.is openData format.

Format: compdemocracy/openData (README): votes.csv (`timestamp,datetime,comment-id,voter-id,vote`,
one row per vote event, agree 1, disagree -1, pass 0), or participants-votes.csv (one row per
participant, one column per comment id holding the final vote) when votes.csv is absent, and
comments.csv (`moderated` -1 = rejected, i.e. moderated out). Every malformed row is reported with
its file and line number.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from impactdays.core.opinions.votes import VoteBatch, vote_batch


class ExportError(ValueError):
    """A malformed export file; the message names the file and the line."""


@dataclass(frozen=True)
class PolisExport:
    """The votes and the moderated-out statement ids of one export folder.

    `is_time_ordered` is True when the votes come from votes.csv, sorted by timestamp; final
    votes from participants-votes.csv carry no order.
    """

    votes: VoteBatch
    moderated_out_ids: list[int]
    source: str
    is_time_ordered: bool


def _integer(text: str, path: Path, line: int, column: str) -> int:
    """Parse an integer cell (a float written as 3.0 is accepted)."""
    try:
        value = float(text)
    except ValueError:
        raise ExportError(f"{path}:{line}: {column} is not a number: {text!r}") from None
    if not value.is_integer():
        raise ExportError(f"{path}:{line}: {column} is not an integer: {text!r}")
    return int(value)


def _rows(path: Path, required: list[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the (line number, cells) rows of a CSV file with the required columns."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise ExportError(f"{path}:1: the file is empty")
            missing = [name for name in required if name not in header]
            if missing:
                raise ExportError(f"{path}:1: missing column(s) {', '.join(missing)}")
            rows = [(reader.line_num, row) for row in reader if row]
    except (UnicodeDecodeError, csv.Error) as error:
        raise ExportError(f"{path}:1: not a readable CSV file ({error})") from None
    return header, rows


def _vote_value(text: str, path: Path, line: int) -> int:
    """A vote cell: -1, 0 or 1."""
    value = _integer(text, path, line, "vote")
    if value not in (-1, 0, 1):
        raise ExportError(f"{path}:{line}: vote must be -1, 0 or 1, not {text!r}")
    return value


def _read_votes(path: Path) -> VoteBatch:
    """Vote events from votes.csv, sorted by timestamp (stable, so file order breaks ties)."""
    header, rows = _rows(path, ["timestamp", "comment-id", "voter-id", "vote"])
    where = {name: header.index(name) for name in ("timestamp", "comment-id", "voter-id", "vote")}
    timestamps, statements, participants, values = [], [], [], []
    for line, row in rows:
        if len(row) < len(header):
            raise ExportError(f"{path}:{line}: expected {len(header)} cells, found {len(row)}")
        try:
            timestamps.append(float(row[where["timestamp"]]))
        except ValueError:
            raise ExportError(f"{path}:{line}: timestamp is not a number") from None
        statements.append(_integer(row[where["comment-id"]], path, line, "comment-id"))
        participants.append(_integer(row[where["voter-id"]], path, line, "voter-id"))
        values.append(_vote_value(row[where["vote"]], path, line))
    order = np.argsort(np.asarray(timestamps, dtype=np.float64), kind="stable")
    return vote_batch(
        np.asarray(participants, dtype=np.int64)[order],
        np.asarray(statements, dtype=np.int64)[order],
        np.asarray(values, dtype=np.int8)[order],
    )


def _read_participant_votes(path: Path) -> VoteBatch:
    """Final votes from participants-votes.csv; comment columns are the integer-named ones."""
    header, rows = _rows(path, ["participant"])
    columns = [(position, int(name)) for position, name in enumerate(header) if name.isdigit()]
    participant_column = header.index("participant")
    participants, statements, values = [], [], []
    for line, row in rows:
        if len(row) < len(header):
            raise ExportError(f"{path}:{line}: expected {len(header)} cells, found {len(row)}")
        participant = _integer(row[participant_column], path, line, "participant")
        for position, statement in columns:
            cell = row[position].strip()
            if cell:
                participants.append(participant)
                statements.append(statement)
                values.append(_vote_value(cell, path, line))
    return vote_batch(participants, statements, values)


def _read_moderated_out(path: Path) -> list[int]:
    """Ids of statements moderated out (moderated = -1) in comments.csv."""
    header, rows = _rows(path, ["comment-id", "moderated"])
    comment_column, moderated_column = header.index("comment-id"), header.index("moderated")
    moderated_out = []
    for line, row in rows:
        if len(row) <= max(comment_column, moderated_column):
            raise ExportError(f"{path}:{line}: expected {len(header)} cells, found {len(row)}")
        statement = _integer(row[comment_column], path, line, "comment-id")
        if _integer(row[moderated_column], path, line, "moderated") == -1:
            moderated_out.append(statement)
    return sorted(moderated_out)


def polis_export_read(folder: Path) -> PolisExport:
    """Read votes and moderation from a Pol.is openData export folder.

    Preconditions: the folder holds votes.csv or participants-votes.csv; comments.csv is
    optional. Errors: ExportError naming the file and line of the first malformed row, or the
    folder when neither vote file exists.
    """
    votes_path = folder / "votes.csv"
    matrix_path = folder / "participants-votes.csv"
    if votes_path.is_file():
        votes, source = _read_votes(votes_path), votes_path.name
    elif matrix_path.is_file():
        votes, source = _read_participant_votes(matrix_path), matrix_path.name
    else:
        raise ExportError(f"{folder}: neither votes.csv nor participants-votes.csv")
    comments_path = folder / "comments.csv"
    moderated_out = _read_moderated_out(comments_path) if comments_path.is_file() else []
    return PolisExport(votes, moderated_out, source, source == votes_path.name)


def polis_groups_read(folder: Path) -> dict[int, int]:
    """Pol.is's own group of each clustered participant, from participants-votes.csv.

    Errors: ExportError for a malformed row or a missing file.
    """
    path = folder / "participants-votes.csv"
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    header, rows = _rows(path, ["participant", "group-id"])
    participant_column, group_column = header.index("participant"), header.index("group-id")
    groups = {}
    for line, row in rows:
        if len(row) <= max(participant_column, group_column):
            raise ExportError(f"{path}:{line}: expected {len(header)} cells, found {len(row)}")
        if row[group_column].strip():
            participant = _integer(row[participant_column], path, line, "participant")
            groups[participant] = _integer(row[group_column], path, line, "group-id")
    return groups
