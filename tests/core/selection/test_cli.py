import json

import pytest

from impactdays.core.selection.cli import main


@pytest.fixture
def small_pool(tmp_path):
    (tmp_path / "categories.csv").write_text(
        "category,feature,min,max\ngender,f,1,1\ngender,m,1,1\n", encoding="utf-8"
    )
    (tmp_path / "respondents.csv").write_text("gender\nf\nf\nm\nm\nm\nm\n", encoding="utf-8")
    return tmp_path


def run_json(capsys, argv):
    status = main(argv)
    return status, json.loads(capsys.readouterr().out)


def test_select_prints_leximin_probabilities_and_a_seeded_panel(small_pool, capsys):
    argv = [
        "--categories",
        str(small_pool / "categories.csv"),
        "--people",
        str(small_pool / "respondents.csv"),
        "--panel-size",
        "2",
        "--seed",
        "7",
        "--json",
    ]

    status, out = run_json(capsys, argv)
    _, again = run_json(capsys, argv)

    assert status == 0
    assert out["probabilities"] == {
        "0": 0.5,
        "1": 0.5,
        "2": 0.25,
        "3": 0.25,
        "4": 0.25,
        "5": 0.25,
    }
    assert out["min_probability"] == 0.25
    assert out["gini"] == pytest.approx(
        (-5 * 0.25 - 3 * 0.25 - 0.25 + 0.25 + 3 * 0.5 + 5 * 0.5) / 12
    )
    assert len(out["panel"]) == 2
    assert again["panel"] == out["panel"]
    assert out["seed"] == 7


def test_select_legacy_method_draws_a_panel_meeting_the_quotas(small_pool, capsys):
    status, out = run_json(
        capsys,
        [
            "--categories",
            str(small_pool / "categories.csv"),
            "--people",
            str(small_pool / "respondents.csv"),
            "--panel-size",
            "2",
            "--method",
            "legacy",
            "--seed",
            "1",
            "--legacy-draws",
            "50",
            "--json",
        ],
    )

    assert status == 0
    assert out["method"] == "legacy"
    assert sorted(int(person) < 2 for person in out["panel"]) == [False, True]


def test_select_infeasible_quotas_exit_2_with_the_conflict(small_pool, capsys):
    (small_pool / "categories.csv").write_text(
        "category,feature,min,max\ngender,f,3,3\ngender,m,0,3\n", encoding="utf-8"
    )

    status = main(
        [
            "--categories",
            str(small_pool / "categories.csv"),
            "--people",
            str(small_pool / "respondents.csv"),
            "--panel-size",
            "3",
            "--json",
        ]
    )

    assert status == 2
    assert "gender=f min 3 (pool has 2)" in capsys.readouterr().err


def test_select_malformed_file_exit_2_with_file_and_line(small_pool, capsys):
    (small_pool / "respondents.csv").write_text("gender\nf\nx\n", encoding="utf-8")

    status = main(
        [
            "--categories",
            str(small_pool / "categories.csv"),
            "--people",
            str(small_pool / "respondents.csv"),
            "--panel-size",
            "2",
        ]
    )

    assert status == 2
    assert f"{small_pool / 'respondents.csv'}:3: gender 'x' is not among" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "k"), [("example_small_20", 20), ("example_large_200", 200)])
def test_select_published_examples_give_everyone_exactly_ten_percent(shared_data, capsys, name, k):
    folder = shared_data / "sortition" / name

    status, out = run_json(
        capsys,
        [
            "--categories",
            str(folder / "categories.csv"),
            "--people",
            str(folder / "respondents.csv"),
            "--panel-size",
            str(k),
            "--seed",
            "1",
            "--json",
        ],
    )

    assert status == 0
    assert set(out["probabilities"].values()) == {0.1}
    assert out["min_probability"] == 0.1
    assert out["gini"] == 0.0
    assert len(out["panel"]) == k


def test_select_cut_by_its_time_limit_reports_the_certified_bound(tmp_path, capsys):
    from .test_relaxation import tight_pool

    types = tight_pool(4)
    instance = types.instance
    lines = ["category,feature,min,max"] + [
        f"{q.category},{q.value},{q.minimum},{q.maximum}" for q in instance.quotas
    ]
    (tmp_path / "categories.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [",".join(instance.categories)] + [",".join(v) for v in instance.person_values]
    (tmp_path / "respondents.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    argv = [
        "--categories",
        str(tmp_path / "categories.csv"),
        "--people",
        str(tmp_path / "respondents.csv"),
        "--panel-size",
        str(instance.panel_size),
        "--seed",
        "3",
    ]

    cut_status, cut = run_json(capsys, [*argv, "--time-limit", "0.000001", "--json"])
    status, full = run_json(capsys, [*argv, "--json"])

    assert (cut_status, status) == (0, 0)
    assert cut["exact"] is False
    assert 0 <= cut["target_share"] < 1
    assert cut["min_probability_upper_bound"] >= full["min_probability"] - 1e-9
    assert full["exact"] is True
    assert "target_share" not in full
    assert sum(cut["probabilities"].values()) == pytest.approx(instance.panel_size, abs=1e-6)
    main([*argv, "--time-limit", "0.000001"])
    assert "not proven optimal within the time limit" in capsys.readouterr().out
