"""A conversation in the Pol.is openData format, read and written.

Format: compdemocracy/openData (README): comments.csv, votes.csv (one row per vote; we hold only
each person's latest vote, so we write one row per voter and statement), participants-votes.csv
(one row per participant, one column per comment id) and summary.csv (key,value rows). Agree is
1, disagree -1, pass 0; `moderated` is 1 accepted, 0 unmoderated, -1 hidden. Comment ids and
participant ids are kept as statement and voter numbers, so an import exports the same ids.
"""

import csv
import datetime as dt
import io
import shutil
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from impactdays.common.services import audit_record
from impactdays.core.opinions.polis_export import ExportError, polis_export_read
from impactdays.deliberation.analysis import analysis_request
from impactdays.deliberation.models import (
    STATEMENT_LENGTH_MAX,
    Conversation,
    Statement,
    Vote,
    Voter,
)
from impactdays.forums.models import Edition
from impactdays.people.models import User

COMMENTS_HEADER = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
]
VOTES_HEADER = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
PARTICIPANTS_HEADER = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]


def _milliseconds(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _readable(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def _moment(milliseconds: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(float(milliseconds)) / 1000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _write(path: Path, header: list[str] | None, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)


def conversation_export(*, conversation: Conversation, folder: Path) -> None:
    """Write the conversation's four openData files into folder (created when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    statements = list(
        conversation.statements.select_related("author")
        .annotate(
            agrees=Count("votes", filter=Q(votes__value=1)),
            disagrees=Count("votes", filter=Q(votes__value=-1)),
        )
        .order_by("number")
    )
    _write(
        folder / "comments.csv",
        COMMENTS_HEADER,
        [
            [
                _milliseconds(statement.created_at),
                _readable(statement.created_at),
                statement.number,
                "" if statement.author is None else statement.author.number,
                statement.agrees,
                statement.disagrees,
                statement.moderation,
                statement.text,
            ]
            for statement in statements
        ],
    )
    votes = list(
        Vote.objects.filter(conversation=conversation)
        .values_list("voted_at", "statement__number", "voter__number", "value")
        .order_by("voted_at", "pk")
    )
    _write(
        folder / "votes.csv",
        VOTES_HEADER,
        [
            [_milliseconds(at), _readable(at), statement, voter, value]
            for at, statement, voter, value in votes
        ],
    )
    by_voter: dict[int, dict[int, int]] = defaultdict(dict)
    for _at, statement, voter, value in votes:
        by_voter[voter][statement] = value
    written = Statement.objects.filter(conversation=conversation, author__isnull=False)
    comment_counts = dict(
        written.values_list("author__number")
        .annotate(count=Count("pk"))
        .values_list("author__number", "count")
    )
    numbers = [statement.number for statement in statements]
    rows: list[list[object]] = []
    for voter_number in conversation.voters_set.order_by("number").values_list("number", flat=True):
        cast = by_voter.get(voter_number, {})
        rows.append(
            [
                voter_number,
                "",
                comment_counts.get(voter_number, 0),
                len(cast),
                sum(1 for value in cast.values() if value == 1),
                sum(1 for value in cast.values() if value == -1),
                *[cast.get(number, "") for number in numbers],
            ]
        )
    _write(folder / "participants-votes.csv", PARTICIPANTS_HEADER + [str(n) for n in numbers], rows)
    _write(
        folder / "summary.csv",
        None,
        [
            ["topic", conversation.topic],
            ["url", ""],
            ["views", len(rows)],
            ["voters", len(by_voter)],
            ["voters-in-conv", len(by_voter)],
            ["commenters", len(comment_counts)],
            ["comments", len(statements)],
            ["groups", ""],
            ["conversation-description", conversation.description],
        ],
    )


def _summary(folder: Path) -> dict[str, str]:
    path = folder / "summary.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}


def _comments(folder: Path) -> list[dict[str, str]]:
    path = folder / "comments.csv"
    if not path.is_file():
        raise ValidationError(_("%(path)s: no such file") % {"path": path})
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"comment-id", "comment-body", "moderated"}.difference(reader.fieldnames or [])
        if missing:
            raise ValidationError(
                _("%(path)s:1: missing column(s) %(columns)s")
                % {"path": path, "columns": ", ".join(sorted(missing))}
            )
        rows = list(reader)
    for line, row in enumerate(rows, start=2):
        try:
            int(row["comment-id"])
            moderation = int(row["moderated"] or 0)
        except ValueError:
            raise ValidationError(
                _("%(path)s:%(line)d: comment-id and moderated must be integers")
                % {"path": path, "line": line}
            ) from None
        if moderation not in (-1, 0, 1):
            raise ValidationError(
                _("%(path)s:%(line)d: moderated must be -1, 0 or 1") % {"path": path, "line": line}
            )
    return rows


def _vote_times(folder: Path) -> dict[tuple[int, int], dt.datetime]:
    """The time of each (voter, comment)'s latest vote, from votes.csv when it is there."""
    path = folder / "votes.csv"
    times: dict[tuple[int, int], dt.datetime] = {}
    if not path.is_file():
        return times
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                moment = _moment(row.get("timestamp") or "")
                key = (int(float(row["voter-id"])), int(float(row["comment-id"])))
            except (KeyError, TypeError, ValueError, OverflowError):
                raise ValidationError(
                    _("%(path)s:%(line)d: voter-id, comment-id and timestamp must be numbers")
                    % {"path": path, "line": line}
                ) from None
            if moment is not None and (key not in times or times[key] <= moment):
                times[key] = moment
    return times


def conversation_import(*, edition: Edition, folder: Path, actor: User | None) -> Conversation:
    """A new, closed conversation holding an openData export's statements, moderation and final votes.

    Errors: ValidationError naming the file and line of the first malformed row, or a vote on a
    comment that comments.csv lacks; nothing is stored then.
    """
    try:
        export = polis_export_read(folder)
    except ExportError as error:
        raise ValidationError(str(error)) from None
    comments = _comments(folder)
    summary = _summary(folder)
    numbers = {int(row["comment-id"]) for row in comments}
    unknown = set(export.votes.statement_ids.tolist()).difference(numbers)
    if unknown:
        raise ValidationError(
            _("Votes on comment(s) that comments.csv lacks: %(ids)s")
            % {"ids": ", ".join(str(i) for i in sorted(unknown)[:10])}
        )
    # The final vote of each (participant, comment): the last one in time order.
    final: dict[tuple[int, int], int] = {}
    for participant, statement, value in zip(
        export.votes.participant_ids.tolist(),
        export.votes.statement_ids.tolist(),
        export.votes.values.tolist(),
        strict=True,
    ):
        final[(participant, statement)] = value
    times = _vote_times(folder)
    now = timezone.now()
    voter_numbers = {participant for participant, _statement in final}
    voter_numbers.update(
        int(float(row["author-id"])) for row in comments if (row.get("author-id") or "").strip()
    )
    longest = max((len(row["comment-body"]) for row in comments), default=0)
    topic = (summary.get("topic") or folder.name).strip()[:300] or folder.name[:300]
    with transaction.atomic():
        conversation = Conversation(
            edition=edition,
            is_open=False,
            voters=Conversation.Voters.PARTICIPANTS,
            moderation=Conversation.Moderation.PRE,
            statement_length=min(max(140, longest), STATEMENT_LENGTH_MAX),
        )
        setattr(conversation, f"topic_{settings.LANGUAGE_CODE}", topic)
        setattr(
            conversation,
            f"description_{settings.LANGUAGE_CODE}",
            summary.get("conversation-description", ""),
        )
        conversation.save()
        voters = {
            voter.number: voter
            for voter in Voter.objects.bulk_create(
                [Voter(conversation=conversation, number=n) for n in sorted(voter_numbers)]
            )
        }
        if any(voter.pk is None for voter in voters.values()):  # databases without RETURNING
            voters = {voter.number: voter for voter in conversation.voters_set.all()}
        Statement.objects.bulk_create(
            [
                Statement(
                    conversation=conversation,
                    number=int(row["comment-id"]),
                    author=voters.get(int(float(row["author-id"])))
                    if (row.get("author-id") or "").strip()
                    else None,
                    text=row["comment-body"],
                    moderation=int(row["moderated"] or 0),
                )
                for row in sorted(comments, key=lambda row: int(row["comment-id"]))
            ]
        )
        statements = dict(conversation.statements.values_list("number", "pk"))
        Vote.objects.bulk_create(
            [
                Vote(
                    conversation=conversation,
                    voter=voters[participant],
                    statement_id=statements[statement],
                    value=value,
                    voted_at=times.get((participant, statement), now),
                )
                for (participant, statement), value in final.items()
            ],
            batch_size=2000,
        )
        audit_record(
            actor=actor,
            action="conversation_import",
            target=conversation,
            data={"folder": folder.name, "votes": len(final)},
            edition=edition,
        )
        analysis_request(conversation.pk)
    return conversation


OPEN_DATA_FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")
# An upload's files together, unpacked; a large hall's conversation is a few megabytes.
OPEN_DATA_UPLOAD_MAX_BYTES = 50 * 1024 * 1024


def conversation_import_zip(
    *, edition: Edition, upload: IO[bytes], actor: User | None
) -> Conversation:
    """conversation_import of a ZIP file holding the openData files (at its top or in one folder).

    Errors: ValidationError for a file that is no ZIP, one too large, or a malformed openData
    file (naming the file and line); nothing is stored then.
    """
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError):
        raise ValidationError(_("The upload is not a ZIP file.")) from None
    with archive, tempfile.TemporaryDirectory() as directory:
        folder = Path(directory) / "opendata"
        folder.mkdir()
        members = {
            PurePosixPath(info.filename).name: info
            for info in archive.infolist()
            if not info.is_dir() and PurePosixPath(info.filename).name in OPEN_DATA_FILES
        }
        if sum(info.file_size for info in members.values()) > OPEN_DATA_UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The ZIP file's openData files hold more than %(megabytes)d MB.")
                % {"megabytes": OPEN_DATA_UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        for name, info in members.items():
            with archive.open(info) as source, (folder / name).open("wb") as target:
                shutil.copyfileobj(source, target)
        try:
            return conversation_import(edition=edition, folder=folder, actor=actor)
        except ValidationError as error:
            # Name the upload's files, not the temporary folder they were unpacked into.
            raise ValidationError(
                [
                    message.replace(f"{folder}/", "").replace(str(folder), _("the upload"))
                    for message in error.messages
                ]
            ) from None
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("A file of the upload is not UTF-8 text (%(problem)s).")
                % {"problem": error.reason}
            ) from None


def conversation_export_zip(*, conversation: Conversation) -> bytes:
    """conversation_export as a ZIP file, its files in a folder named after the conversation."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        conversation_export(conversation=conversation, folder=folder)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in OPEN_DATA_FILES:
                if (folder / name).is_file():
                    archive.write(folder / name, f"conversation-{conversation.pk}/{name}")
    return buffer.getvalue()
