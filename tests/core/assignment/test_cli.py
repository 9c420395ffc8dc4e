"""The ``impactdays assign`` command: JSON output, CSV checks with line numbers, exit codes."""

import json

import pytest

from impactdays.core.assignment.cli import main


@pytest.fixture
def files(tmp_path):
    capacities = tmp_path / "capacities.csv"
    capacities.write_text("workshop,capacity\nMaps,2\nMurals,1\nGardens,1\n")
    preferences = tmp_path / "preferences.csv"
    preferences.write_text(
        "participant,choice1,choice2\nAnna,Maps,Murals\nBoris,Murals,Maps\nClara,Murals,\n"
        "\nDmitri,Gardens\n"
    )
    return tmp_path, preferences, capacities


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_assign_prints_json(files, capsys):
    _, preferences, capacities = files

    status, out, _ = run(
        capsys, "--preferences", str(preferences), "--capacities", str(capacities), "--json"
    )

    result = json.loads(out)
    assert status == 0
    assert result["assignment"] == {
        "Anna": "Maps",
        "Boris": "Maps",
        "Clara": "Murals",
        "Dmitri": "Gardens",
    }
    assert result["rank_profile"] == [3, 1]
    assert (result["objective"], result["unranked"], result["cost"]) == ("min-cost", 0, 1)
    assert result["optimal"] is True
    assert result["seconds"] >= 0


def test_assign_with_forbidden_and_fixed_pairs(files, capsys):
    folder, preferences, capacities = files
    forbidden = folder / "forbidden.csv"
    forbidden.write_text("participant,workshop\nAnna,Maps\n")
    fixed = folder / "fixed.csv"
    fixed.write_text("Dmitri,Murals\n")

    status, out, _ = run(
        capsys,
        "--preferences", str(preferences),
        "--capacities", str(capacities),
        "--forbidden", str(forbidden),
        "--fixed", str(fixed),
        "--objective", "rank-maximal",
        "--json",
    )  # fmt: skip

    result = json.loads(out)
    assert status == 0
    assert result["assignment"]["Dmitri"] == "Murals"
    assert result["assignment"]["Anna"] != "Maps"
    assert result["objective"] == "rank-maximal"


def test_assign_prints_a_table_without_json(files, capsys):
    _, preferences, capacities = files

    status, out, err = run(
        capsys, "--preferences", str(preferences), "--capacities", str(capacities)
    )

    assert status == 0
    assert out.splitlines()[0] == "Anna\tMaps\t1"
    assert "rank profile 3 1, unranked 0, cost 1" in err


@pytest.mark.parametrize(
    ("which", "content", "message"),
    [
        (
            "capacities",
            "Maps,2\nMurals,many\n",
            "capacities.csv, line 2: capacity 'many' is not a whole number",
        ),
        (
            "capacities",
            "Maps,2\nMurals,-1\n",
            "capacities.csv, line 2: capacity of 'Murals' is negative",
        ),
        ("capacities", "Maps,2\nMaps,1\n", "capacities.csv, line 2: workshop 'Maps' appears twice"),
        ("capacities", "Maps,2,3\n", "capacities.csv, line 1: expected 'workshop,capacity'"),
        (
            "preferences",
            "Anna,Maps\nBoris,Opera\n",
            "preferences.csv, line 2: unknown workshop 'Opera'",
        ),
        (
            "preferences",
            "Anna,Maps\n\nAnna,Murals\n",
            "preferences.csv, line 3: participant 'Anna' appears twice",
        ),
        (
            "preferences",
            "participant,c1,c2\nAnna,Maps,Maps\n",
            "preferences.csv, line 2: workshop 'Maps' is ranked twice",
        ),
        ("preferences", "Anna,,Maps\n", "preferences.csv, line 1: choice 1 is empty"),
        ("preferences", 'Anna,"Maps\n', "preferences.csv, line 1: unexpected end of data"),
    ],
)
def test_malformed_csv_names_the_line(files, capsys, which, content, message):
    _, preferences, capacities = files
    {"capacities": capacities, "preferences": preferences}[which].write_text(content)

    status, out, err = run(
        capsys, "--preferences", str(preferences), "--capacities", str(capacities)
    )

    assert status == 2
    assert out == ""
    assert message in err


def test_too_few_seats_is_an_error(files, capsys):
    _, preferences, capacities = files
    capacities.write_text("Maps,1\nMurals,1\nGardens,1\n")

    status, _, err = run(capsys, "--preferences", str(preferences), "--capacities", str(capacities))

    assert status == 2
    assert "4 participants but only 3 seats" in err


def test_missing_file_and_bad_objective_are_errors(files, capsys):
    folder, preferences, capacities = files

    missing, _, missing_err = run(
        capsys, "--preferences", str(folder / "nope.csv"), "--capacities", str(capacities)
    )
    bad, _, _ = run(
        capsys,
        "--preferences",
        str(preferences),
        "--capacities",
        str(capacities),
        "--objective",
        "fair",
    )

    assert (missing, bad) == (2, 2)
    assert "nope.csv" in missing_err


def test_forbidden_pair_of_unknown_participant_names_the_line(files, capsys):
    folder, preferences, capacities = files
    forbidden = folder / "forbidden.csv"
    forbidden.write_text("Anna,Maps\nZoe,Maps\n")

    status, _, err = run(
        capsys,
        "--preferences", str(preferences),
        "--capacities", str(capacities),
        "--forbidden", str(forbidden),
    )  # fmt: skip

    assert status == 2
    assert "forbidden.csv, line 2: unknown participant 'Zoe'" in err


def test_impactdays_assign_is_dispatched_to_the_core(files, capsys, monkeypatch):
    from impactdays import manage

    _, preferences, capacities = files
    monkeypatch.setattr(
        "sys.argv",
        [
            "impactdays",
            "assign",
            "--preferences",
            str(preferences),
            "--capacities",
            str(capacities),
            "--json",
        ],
    )

    with pytest.raises(SystemExit) as stop:
        manage.main()

    assert stop.value.code == 0
    assert json.loads(capsys.readouterr().out)["rank_profile"] == [3, 1]
