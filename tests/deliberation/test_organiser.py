"""The organisers' pages of a conversation: creating and editing it (texts in the edition's
languages, rules, an optional challenge), seed statements, and the Pol.is openData files
uploaded and downloaded. First from the side of who may not act, then the organiser's."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from impactdays.deliberation.models import Conversation, Statement, Vote, Voter
from impactdays.deliberation.services import conversation_create, vote_cast, voter_join
from impactdays.forums.links import edition_url
from tests.challenges.factories import ChallengeFactory
from tests.permissions import edition_at, snapshot

pytestmark = pytest.mark.django_db

MODELS = (Conversation, Statement, Voter, Vote)
VOTES = {"votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n1000,,0,0,1\n"}


@pytest.fixture
def conversation(edition):
    return conversation_create(
        edition=edition,
        actor=None,
        topic="Courtyards",
        voters="anonymous",
        seed_statements=["Open them all.", "Close them at night."],
    )


def _url(edition, name, **kwargs):
    return edition_url(f"deliberation:{name}", edition, **kwargs)


def _form(**overrides):
    data = {
        "topic_en": "Parks",
        "topic_ru": "Парки",
        "description_en": "What should the parks become?",
        "voters": "signed_in",
        "moderation": "pre",
        "statement_length": "200",
        "challenge": "",
        "seed_statements": "More trees.\n\nFewer fences.",
    }
    return data | overrides


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return SimpleUploadedFile("opendata.zip", buffer.getvalue(), "application/zip")


def _messages(response):
    return " ".join(str(message) for message in response.wsgi_request._messages)


@pytest.mark.parametrize("who", ["anonymous", "participant", "facilitator", "outsider"])
def test_who_does_not_organise_may_not_create_edit_seed_import_or_download(
    request, client, conversation, who
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    edition = conversation.edition
    edit = _url(edition, "conversation-edit", pk=conversation.pk)
    before = snapshot(*MODELS)

    pages = [
        client.get(_url(edition, "conversation-create")),
        client.get(edit),
        client.get(_url(edition, "conversation-export", pk=conversation.pk)),
    ]
    posts = [
        client.post(_url(edition, "conversation-create"), _form()),
        client.post(edit, _form()),
        client.post(_url(edition, "statement-seed", pk=conversation.pk), {"text": "Sneaky seed"}),
        client.post(
            _url(edition, "conversation-import"),
            {"file": _zip({"comments.csv": "comment-id,comment-body,moderated\n"})},
        ),
    ]

    assert [page.status_code in (302, 403) for page in pages] == [True] * 3
    assert b"PK" not in pages[2].content[:2]
    assert [post.status_code in (302, 403) for post in posts] == [True] * 4
    if who != "anonymous":
        assert {post.status_code for post in posts} == {403}
    assert snapshot(*MODELS) == before


def test_an_archived_editions_organiser_reads_but_changes_nothing(client, conversation, organiser):
    edition = edition_at(conversation.edition, "report_published")
    client.force_login(organiser)
    before = snapshot(*MODELS)

    page = client.get(_url(edition, "conversation-edit", pk=conversation.pk))
    download = client.get(_url(edition, "conversation-export", pk=conversation.pk))
    refused = [
        client.post(_url(edition, "conversation-create"), _form()),
        client.post(_url(edition, "conversation-edit", pk=conversation.pk), _form()),
        client.post(_url(edition, "statement-seed", pk=conversation.pk), {"text": "Late seed"}),
    ]

    assert page.status_code == 200 and b"Open them all." in page.content
    assert download.status_code == 200
    assert [response.status_code for response in refused] == [403, 403, 403]
    assert snapshot(*MODELS) == before


def test_an_organiser_creates_a_conversation_in_two_languages_on_a_challenge(
    client, edition, organiser
):
    challenge = ChallengeFactory(edition=edition)
    client.force_login(organiser)

    page = client.get(_url(edition, "conversation-create"))
    response = client.post(_url(edition, "conversation-create"), _form(challenge=challenge.pk))

    created = Conversation.objects.get()
    assert page.status_code == 200
    assert response.status_code == 302
    assert (created.topic_en, created.topic_ru) == ("Parks", "Парки")
    assert (created.voters, created.moderation, created.statement_length) == (
        "signed_in",
        "pre",
        200,
    )
    assert created.challenge == challenge
    assert list(created.statements.values_list("text", "is_seed", "moderation")) == [
        ("More trees.", True, Statement.Moderation.ACCEPTED),
        ("Fewer fences.", True, Statement.Moderation.ACCEPTED),
    ]


def test_a_challenge_of_another_edition_or_no_topic_is_refused(client, edition, organiser):
    elsewhere = ChallengeFactory()
    client.force_login(organiser)

    foreign = client.post(_url(edition, "conversation-create"), _form(challenge=elsewhere.pk))
    untitled = client.post(_url(edition, "conversation-create"), _form(topic_en="", topic_ru=""))
    too_short = client.post(_url(edition, "conversation-create"), _form(statement_length="5"))

    assert [r.status_code for r in (foreign, untitled, too_short)] == [200, 200, 200]
    assert not Conversation.objects.exists()


def test_an_organiser_edits_the_conversation_and_adds_a_seed(client, conversation, organiser):
    edition = conversation.edition
    client.force_login(organiser)
    edit = _url(edition, "conversation-edit", pk=conversation.pk)

    client.post(edit, _form(topic_en="Courtyards and parks", voters="participants"))
    client.post(_url(edition, "statement-seed", pk=conversation.pk), {"text": "  "})
    client.post(_url(edition, "statement-seed", pk=conversation.pk), {"text": "Plant trees."})

    conversation.refresh_from_db()
    assert conversation.topic_en == "Courtyards and parks"
    assert conversation.voters == "participants"
    assert conversation.statements.filter(is_seed=True).count() == 3
    assert conversation.statements.get(text="Plant trees.").is_visible


def test_a_downloaded_conversation_uploads_again_with_the_same_votes_and_moderation(
    client, conversation, organiser
):
    edition = conversation.edition
    first, second = conversation.statements.order_by("number")
    for number in range(3):
        voter = voter_join(conversation=conversation, user=None, browser_key=f"b{number}")
        vote_cast(voter=voter, statement=first, value=1 - number)
        vote_cast(voter=voter, statement=second, value=-1)
    Statement.objects.filter(pk=second.pk).update(moderation=Statement.Moderation.REJECTED)
    client.force_login(organiser)

    download = client.get(_url(edition, "conversation-export", pk=conversation.pk))
    upload = SimpleUploadedFile("c.zip", download.content, "application/zip")
    response = client.post(_url(edition, "conversation-import"), {"file": upload})

    imported = Conversation.objects.exclude(pk=conversation.pk).get()
    assert download["Content-Type"] == "application/zip"
    assert response.status_code == 302
    assert sorted(
        imported.votes.values_list("voter__number", "statement__number", "value")
    ) == sorted(conversation.votes.values_list("voter__number", "statement__number", "value"))
    assert list(imported.statements.values_list("text", "moderation")) == list(
        conversation.statements.values_list("text", "moderation")
    )


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (
            {"x/comments.csv": "comment-id,comment-body,moderated\n0,Open,yes\n", **VOTES},
            "comments.csv:2",
        ),
        ({"comments.csv": "comment-id,comment-body\n0,Open\n", **VOTES}, "comments.csv:1"),
        ({"comments.csv": "comment-id,comment-body,moderated\n0,Open,1\n"}, "the upload: neither"),
        (
            {
                "comments.csv": "comment-id,comment-body,moderated\n0,Open,1\n",
                "votes.csv": "timestamp,comment-id,voter-id,vote\n1,0,zero,1\n",
            },
            "votes.csv:2",
        ),
    ],
)
def test_a_malformed_upload_names_the_file_and_line_and_stores_nothing(
    client, edition, organiser, files, problem
):
    client.force_login(organiser)
    before = snapshot(*MODELS)

    response = client.post(_url(edition, "conversation-import"), {"file": _zip(files)})

    assert response.status_code == 302
    assert problem in _messages(response)
    assert snapshot(*MODELS) == before


def test_a_file_that_is_no_zip_is_refused(client, edition, organiser):
    client.force_login(organiser)
    upload = SimpleUploadedFile("c.zip", b"comment-id\n", "application/zip")

    response = client.post(_url(edition, "conversation-import"), {"file": upload})

    assert "not a ZIP file" in _messages(response)
    assert not Conversation.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, edition, organiser, monkeypatch):
    monkeypatch.setattr("impactdays.deliberation.forms.OPEN_DATA_UPLOAD_MAX_BYTES", 10)
    client.force_login(organiser)

    response = client.post(
        _url(edition, "conversation-import"),
        {"file": _zip({"comments.csv": "comment-id,comment-body,moderated\n", **VOTES})},
    )

    assert "larger than" in _messages(response)
    assert not Conversation.objects.exists()
