import pytest

from impactdays.core.opinions.polis_export import ExportError, polis_export_read

VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"


def test_polis_export_read_sorts_votes_by_timestamp_and_reads_moderation(tmp_path):
    (tmp_path / "votes.csv").write_text(VOTES_HEADER + "20,x,1,7,-1\n10,x,1,7,1\n15,x,2,8,0\n")
    (tmp_path / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        '0,x,1,7,1,1,1,"kept, with a comma"\n0,x,2,8,0,0,-1,rejected\n'
    )

    export = polis_export_read(tmp_path)

    assert export.votes.participant_ids.tolist() == [7, 8, 7]
    assert export.votes.values.tolist() == [1, 0, -1]
    assert export.moderated_out_ids == [2]
    assert export.is_time_ordered


def test_polis_export_read_names_a_short_row(tmp_path):
    (tmp_path / "votes.csv").write_text(VOTES_HEADER + "1,x,0,0,1\n2,x,0\n")

    with pytest.raises(ExportError, match=r"votes\.csv:3: expected 5 cells, found 3"):
        polis_export_read(tmp_path)


def test_polis_export_read_names_a_missing_column(tmp_path):
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,vote\n1,0,1\n")

    with pytest.raises(ExportError, match=r"votes\.csv:1: missing column\(s\) voter-id"):
        polis_export_read(tmp_path)


def test_polis_export_read_names_a_bad_moderation_line(tmp_path):
    (tmp_path / "votes.csv").write_text(VOTES_HEADER + "1,x,0,0,1\n")
    (tmp_path / "comments.csv").write_text("comment-id,moderated\n0,1\n1,maybe\n")

    with pytest.raises(ExportError, match=r"comments\.csv:3: moderated is not a number"):
        polis_export_read(tmp_path)


def test_polis_export_read_names_a_bad_participant_vote(tmp_path):
    (tmp_path / "participants-votes.csv").write_text("participant,group-id,0,1\n1,0,1,\n2,,5,1\n")

    with pytest.raises(ExportError, match=r"participants-votes\.csv:3: vote must be -1, 0 or 1"):
        polis_export_read(tmp_path)
