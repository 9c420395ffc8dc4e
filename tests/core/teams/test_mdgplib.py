from pathlib import Path

import numpy as np
import pytest

from impactdays.core.teams.mdgplib import InstanceFormatError, read_mdgplib
from impactdays.core.teams.problem import grouping_objective


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "instance.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_mdgplib_reads_header_and_pairs(tmp_path):
    path = write(tmp_path, "3 2 ds 1 2 1 2\n0 1 1.5\n0 2 2\n1 2 3.25\n")

    problem = read_mdgplib(path)

    assert problem.distance.tolist() == [[0, 1.5, 2], [1.5, 0, 3.25], [2, 3.25, 0]]
    assert problem.lower.tolist() == [1, 1]
    assert problem.upper.tolist() == [2, 2]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("", 1, "empty file"),
        ("3 x ss 1 1\n", 1, "the header must start with the integers n and G"),
        ("3 2 ss 1 2 1\n", 1, "the header needs 3 + 2*G = 7 fields for G=2, found 6"),
        ("3 2 ss 1 2 1 2\n0 1 1\n0 2\n", 3, "expected 'i j d', found 2 fields"),
        ("3 2 ss 1 2 1 2\n0 1 1\n0 3 1\n", 3, "ids must be two different numbers in 0..2"),
        ("3 2 ss 1 2 1 2\n0 1 a\n", 2, "expected two integer ids and a number"),
        ("3 2 ss 1 2 1 2\n0 1 1\n1 0 2\n", 3, "the pair 1 0 is given twice"),
        ("3 2 ss 1 2 1 2\n0 1 -1\n", 2, "distance must be a finite number >= 0"),
    ],
)
def test_read_mdgplib_names_file_and_line_of_a_malformed_line(tmp_path, text, where, message):
    path = write(tmp_path, text)

    with pytest.raises(InstanceFormatError) as caught:
        read_mdgplib(path)

    assert str(caught.value).startswith(f"{path}:{where}: {message}")


def test_read_mdgplib_gives_the_best_known_value_to_the_published_solution(shared_data):
    library = shared_data / "mdgplib"
    problem = read_mdgplib(library / "Geo" / "Geo_n120_ss_01.txt")
    # The published file: two header lines, one line per group, then "element group", both 0-based.
    solution = next((library / "tpsdp_best_solutions" / "Geo").glob("Geo_n120_ss_01*.txt"))
    rows = [line.split() for line in solution.read_text().splitlines()[2 + problem.group_count :]]
    labels = np.array([int(group) for _, group in rows])

    groups = [np.flatnonzero(labels == group).tolist() for group in range(problem.group_count)]

    assert grouping_objective(problem.distance, groups) == pytest.approx(101568.851, abs=1e-3)
