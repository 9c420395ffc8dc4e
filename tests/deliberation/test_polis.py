"""The Pol.is openData format: an import then an export holds the same statements, moderation and
final votes; malformed folders store nothing; the command prints the new conversation's id."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from impactdays.deliberation.models import Conversation, Statement, Vote
from impactdays.deliberation.polis import conversation_export, conversation_import

pytestmark = pytest.mark.django_db

POLIS_DATA = Path("/work/shared/data/polis")

# A small conversation: 4 comments (one hidden, one unmoderated), 5 participants; participant 1
# changes their mind on comment 0 (the later vote counts), participant 4 voted on nothing.
COMMENTS = [
    [
        "timestamp",
        "datetime",
        "comment-id",
        "author-id",
        "agrees",
        "disagrees",
        "moderated",
        "comment-body",
    ],
    ["1000", "", "0", "0", "2", "1", "1", "Courtyards should be open to everyone."],
    ["2000", "", "1", "1", "1", "1", "1", 'Cars belong outside, "always".'],
    ["3000", "", "2", "2", "0", "0", "-1", "Something rude"],
    ["4000", "", "3", "4", "0", "0", "0", "Benches, please;\nmany of them."],
]
VOTES = [
    ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
    ["5000", "", "0", "0", "1"],
    ["5001", "", "0", "1", "1"],
    ["5002", "", "1", "0", "-1"],
    ["5003", "", "0", "2", "-1"],
    ["5004", "", "1", "2", "1"],
    ["5005", "", "2", "3", "0"],
    ["6000", "", "0", "1", "-1"],
    ["6001", "", "3", "3", "1"],
]
FINAL_VOTES = {(0, 0): 1, (1, 0): -1, (0, 1): -1, (2, 0): -1, (2, 1): 1, (3, 2): 0, (3, 3): 1}


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    _write(source / "comments.csv", COMMENTS)
    _write(source / "votes.csv", VOTES)
    _write(
        source / "summary.csv",
        [
            ["topic", "Courtyards"],
            ["conversation-description", "What should the city do with its courtyards?"],
        ],
    )
    return source


def _final_votes(folder: Path) -> dict[tuple[int, int], int]:
    return {
        (int(row["voter-id"]), int(row["comment-id"])): int(row["vote"])
        for row in _read(folder / "votes.csv")
    }


def _statements(folder: Path) -> list[tuple[str, str, str, str]]:
    return [
        (row["comment-id"], row["author-id"], row["moderated"], row["comment-body"])
        for row in _read(folder / "comments.csv")
    ]


def test_an_import_keeps_statements_moderation_and_final_votes(edition, folder):
    conversation = conversation_import(edition=edition, folder=folder, actor=None)

    assert conversation.topic == "Courtyards"
    assert not conversation.is_open
    assert list(conversation.statements.values_list("number", "moderation")) == [
        (0, 1),
        (1, 1),
        (2, -1),
        (3, 0),
    ]
    stored = {
        (voter, statement): value
        for voter, statement, value in Vote.objects.values_list(
            "voter__number", "statement__number", "value"
        )
    }
    assert stored == FINAL_VOTES


def test_an_import_then_an_export_round_trips(edition, folder, tmp_path):
    conversation = conversation_import(edition=edition, folder=folder, actor=None)
    exported = tmp_path / "exported"

    conversation_export(conversation=conversation, folder=exported)

    assert _final_votes(exported) == FINAL_VOTES
    assert _statements(exported) == [tuple(row[i] for i in (2, 3, 6, 7)) for row in COMMENTS[1:]]
    summary = dict(row[:2] for row in csv.reader((exported / "summary.csv").open()))
    assert summary["topic"] == "Courtyards"
    assert summary["comments"] == "4"
    matrix = {row["participant"]: row for row in _read(exported / "participants-votes.csv")}
    assert matrix["1"]["0"] == "-1"
    assert matrix["4"]["n-votes"] == "0"  # an author who never voted is still a participant
    assert matrix["3"]["n-votes"] == "2"


def test_the_export_can_be_imported_again_unchanged(edition, folder, tmp_path):
    first = conversation_import(edition=edition, folder=folder, actor=None)
    conversation_export(conversation=first, folder=tmp_path / "one")
    second = conversation_import(edition=edition, folder=tmp_path / "one", actor=None)
    conversation_export(conversation=second, folder=tmp_path / "two")

    assert _final_votes(tmp_path / "two") == _final_votes(tmp_path / "one")
    assert _statements(tmp_path / "two") == _statements(tmp_path / "one")


def test_a_vote_on_an_unknown_comment_stores_nothing(edition, folder):
    _write(folder / "votes.csv", [*VOTES, ["7000", "", "9", "0", "1"]])

    with pytest.raises(Exception, match="comments.csv lacks: 9"):
        conversation_import(edition=edition, folder=folder, actor=None)
    assert not Conversation.objects.exists()


def test_a_malformed_vote_names_its_line_and_stores_nothing(edition, folder):
    _write(folder / "votes.csv", [*VOTES, ["7000", "", "0", "0", "yes"]])

    with pytest.raises(Exception, match="votes.csv:10"):
        conversation_import(edition=edition, folder=folder, actor=None)
    assert not Statement.objects.exists()


def test_the_commands_import_print_the_id_and_export(edition, folder, tmp_path):
    out = io.StringIO()

    call_command(
        "conversation",
        "import",
        str(folder),
        "--edition",
        f"{edition.series.slug}/{edition.slug}",
        stdout=out,
    )
    conversation_id = int(out.getvalue())
    call_command(
        "conversation", "export", str(conversation_id), str(tmp_path / "out"), stdout=io.StringIO()
    )

    assert Conversation.objects.get(pk=conversation_id).statements.count() == 4
    assert _final_votes(tmp_path / "out") == FINAL_VOTES


def test_the_import_command_refuses_an_unknown_edition(db, folder):
    with pytest.raises(CommandError, match="No edition"):
        call_command("conversation", "import", str(folder), "--edition", "no/such")


@pytest.mark.skipif(
    not (POLIS_DATA / "15-per-hour-seattle").is_dir(), reason="no Pol.is data in /work/shared"
)
def test_a_real_pol_is_export_round_trips(edition, tmp_path):
    source = POLIS_DATA / "15-per-hour-seattle"
    conversation = conversation_import(edition=edition, folder=source, actor=None)
    conversation_export(conversation=conversation, folder=tmp_path)

    final: dict[tuple[int, int], int] = {}
    for row in sorted(_read(source / "votes.csv"), key=lambda row: int(row["timestamp"])):
        final[(int(row["voter-id"]), int(row["comment-id"]))] = int(row["vote"])
    assert _final_votes(tmp_path) == final
    original = sorted(_statements(source), key=lambda row: int(row[0]))
    assert _statements(tmp_path) == original
