import json

import pytest

from impactdays.core.opinions.cli import main
from impactdays.core.opinions.comparison import adjusted_rand_index
from impactdays.core.opinions.polis_export import polis_groups_read

VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"


def write_camps(folder):
    lines = [VOTES_HEADER]
    for person in range(20):
        for statement in range(10):
            value = 1 if (person < 10) == (statement < 5) else -1
            lines.append(f"{person * 10 + statement},x,{statement},{person},{value}\n")
    (folder / "votes.csv").write_text("".join(lines))
    (folder / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "0,x,9,0,0,0,-1,rejected\n"
    )


def test_main_analyze_prints_groups_as_json(tmp_path, capsys):
    write_camps(tmp_path)

    status = main(["analyze", str(tmp_path), "--json"])

    report = json.loads(capsys.readouterr().out)
    assert status == 0
    assert report["groups"] == [
        {"id": 0, "members": list(range(10))},
        {"id": 1, "members": list(range(10, 20))},
    ]
    assert report["participant_group"]["3"] == 0
    assert report["representative"]["0"] == [0, 1, 2, 3, 4]
    assert 9 not in report["representative"]["1"]
    assert report["consensus"] == []
    assert set(report["group_informed_consensus"]) == {str(s) for s in range(10)}
    assert isinstance(report["seconds"], float)


def test_main_analyze_reads_participants_votes_without_votes_csv(tmp_path, capsys):
    (tmp_path / "participants-votes.csv").write_text(
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n"
        "4,0,0,2,1,1,1,-1\n"
        "5,,0,1,0,0,,0\n"
    )

    status = main(["analyze", str(tmp_path), "--json"])

    report = json.loads(capsys.readouterr().out)
    assert status == 0
    assert set(report["participant_group"]) == {"4", "5"}


def test_main_analyze_names_the_file_and_line_of_a_bad_vote(tmp_path, capsys):
    (tmp_path / "votes.csv").write_text(VOTES_HEADER + "1,x,0,0,1\n2,x,0,1,yes\n")

    status = main(["analyze", str(tmp_path), "--json"])

    assert status == 2
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(f"{tmp_path / 'votes.csv'}:3: vote is not a number: 'yes'")
    )


def test_main_analyze_refuses_a_folder_without_votes(tmp_path, capsys):
    status = main(["analyze", str(tmp_path)])

    assert status == 2
    assert "neither votes.csv nor participants-votes.csv" in capsys.readouterr().err


@pytest.mark.slow
def test_main_analyze_on_shared_conversations_finds_polis_groups(shared_data, capsys):
    folder = shared_data / "polis" / "scoop-hivemind.biodiversity"

    status = main(["analyze", str(folder), "--json", "--replay", "0"])

    report = json.loads(capsys.readouterr().out)
    reference = polis_groups_read(folder)
    ours = {int(p): g for p, g in report["participant_group"].items() if g is not None}
    common = sorted(set(ours) & set(reference))
    assert status == 0
    assert len(report["groups"]) == 2
    assert adjusted_rand_index([ours[p] for p in common], [reference[p] for p in common]) >= 0.8
