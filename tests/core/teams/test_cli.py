import json

from impactdays.core.teams.cli import main


def test_main_prints_the_best_groups_as_json(tmp_path, capsys):
    # Elements 0 and 1 are far apart, as are 2 and 3: the best pairs are {0, 1} and {2, 3}.
    path = tmp_path / "tiny.txt"
    path.write_text("4 2 ss 2 2 2 2\n0 1 9\n0 2 1\n0 3 1\n1 2 1\n1 3 1\n2 3 8\n")

    status = main(["--instance", str(path), "--seconds", "5", "--seed", "3", "--json"])

    output = json.loads(capsys.readouterr().out)
    assert status == 0
    assert output["objective"] == 17.0
    assert sorted(output["groups"]) == [[0, 1], [2, 3]]
    assert output["seconds"] >= 0


def test_main_names_the_line_of_a_malformed_file(tmp_path, capsys):
    path = tmp_path / "broken.txt"
    path.write_text("3 2 ss 1 2 1 2\n0 1 1\n0 two 1\n")

    status = main(["--instance", str(path), "--json"])

    assert status == 2
    assert capsys.readouterr().err == (
        f"impactdays teams: {path}:3: expected two integer ids and a number: 'i j d'\n"
    )


def test_main_explains_infeasible_bounds(tmp_path, capsys):
    path = tmp_path / "crowded.txt"
    path.write_text("5 2 ds 1 2 1 2\n0 1 1\n")

    status = main(["--instance", str(path)])

    assert status == 2
    assert capsys.readouterr().err == (
        f"impactdays teams: {path}: the upper bounds add up to 4 but there are 5 people\n"
    )


def test_main_reports_a_missing_file(tmp_path, capsys):
    status = main(["--instance", str(tmp_path / "absent.txt")])

    assert status == 2
    assert "absent.txt" in capsys.readouterr().err


def test_main_refuses_unknown_options(capsys):
    status = main(["--instance", "x", "--colour"])

    assert status == 2
    assert "unrecognized arguments: --colour" in capsys.readouterr().err
