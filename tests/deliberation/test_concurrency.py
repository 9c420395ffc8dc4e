"""Voting under concurrency: many voters at once through the vote endpoint lose and duplicate
nothing, one person's simultaneous votes make one voter, a vote racing a moderator's hide is
stored before it or refused, and two analyses at once leave one row holding every vote.

Real threads, each with its own database connection, against the suite's database: on
PostgreSQL the test database (committed, emptied after each test); on SQLite a file copy of the
in-memory test database (whose shared cache locks whole tables between threads, which a
deployment's file never does), opened with the settings' immediate transactions and busy
timeout, as a deployment opens it.
"""

import copy
import sqlite3
import threading
from collections.abc import Callable, Iterator
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections
from django.http import HttpRequest
from django.test import Client

from impactdays.deliberation import analysis
from impactdays.deliberation.analysis import analysis_run
from impactdays.deliberation.models import Analysis, Conversation, Statement, Vote, Voter
from impactdays.deliberation.services import (
    conversation_create,
    statement_moderate,
    vote_cast,
    voter_join,
)
from impactdays.deliberation.views import BROWSER_COOKIE, BROWSER_COOKIE_SALT
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionRole
from tests.forums.factories import EditionFactory, EditionRoleFactory
from tests.people.factories import UserFactory

VOTERS = 200
# PostgreSQL allows 100 connections (shared with other test runs on a CI machine), so at most
# this many threads hold one at a time there, as a server's pool of workers would; SQLite's
# file takes every voter at once.
POSTGRES_CONNECTIONS = 40


class Threads:
    """Runs functions in threads started together, each thread with its own connection."""

    def __init__(self, wrapper: Callable[[], object] | None, width: int) -> None:
        self.wrapper = wrapper
        self.gate = threading.BoundedSemaphore(width)

    def run(self, calls: list[Callable[[], object]]) -> list[object]:
        results: list[object] = [None] * len(calls)
        errors: list[BaseException] = []
        barrier = threading.Barrier(len(calls))

        def work(index: int, call: Callable[[], object]) -> None:
            if self.wrapper is not None:
                connections["default"] = self.wrapper()
            try:
                barrier.wait()
                with self.gate:
                    results[index] = call()
            except BaseException as error:  # reported by the main thread
                errors.append(error)
            finally:
                connections["default"].close()

        threads = [
            threading.Thread(target=work, args=(index, call)) for index, call in enumerate(calls)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return results


@pytest.fixture
def threads(transactional_db: None, tmp_path) -> Iterator[Threads]:
    memory = connections["default"]
    if memory.vendor != "sqlite":
        yield Threads(None, POSTGRES_CONNECTIONS)
        return
    memory.ensure_connection()
    path = tmp_path / "votes.sqlite3"
    target = sqlite3.connect(path)
    memory.connection.backup(target)
    target.close()
    settings_dict = copy.deepcopy(memory.settings_dict)
    settings_dict["NAME"] = str(path)
    assert settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    # SQLite's busy handler polls rather than queues, so with 200 writers on a loaded machine one
    # of them can lose every poll for longer than the deployment's 20 s and get "database is
    # locked" (it happened in CI). That is waiting, not losing a vote: the wait is allowed to
    # last the whole run, and what the test checks (nothing lost, nothing twice) stays the same.
    settings_dict["OPTIONS"]["timeout"] = 600

    def wrapper() -> object:
        return memory.__class__(copy.deepcopy(settings_dict), alias="default")

    main = wrapper()
    connections["default"] = main
    try:
        yield Threads(wrapper, VOTERS)
    finally:
        main.close()
        connections["default"] = memory


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _conversation(statements: int = 3, **kwargs: object) -> Conversation:
    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    return conversation_create(
        edition=edition,
        actor=None,
        topic="Courtyards",
        voters=Conversation.Voters.ANONYMOUS,
        seed_statements=[f"Statement number {n}" for n in range(statements)],
        **kwargs,  # type: ignore[arg-type]
    )


def _url(conversation: Conversation, name: str) -> str:
    return edition_url(f"deliberation:{name}", conversation.edition, pk=conversation.pk)


def _vote(client: Client, conversation: Conversation, statement: Statement, value: int) -> str:
    """POST a vote as the page does; the error shown, or "" when it is stored."""
    response = client.post(
        _url(conversation, "vote-submit"), {"statement": statement.pk, "value": str(value)}
    )
    assert response.status_code == 302, response.status_code
    return " ".join(str(message) for message in response.wsgi_request._messages)  # type: ignore[attr-defined]


def _browser_key(client: Client) -> str:
    request = HttpRequest()
    request.COOKIES[BROWSER_COOKIE] = client.cookies[BROWSER_COOKIE].value
    return str(request.get_signed_cookie(BROWSER_COOKIE, salt=BROWSER_COOKIE_SALT))


def _clone(client: Client) -> Client:
    """Another connection of the same browser: its cookies, its session."""
    twin = Client()
    for name, morsel in client.cookies.items():
        twin.cookies[name] = morsel.value
    return twin


def _value(voter: int, statement: int) -> int:
    return (voter + statement) % 3 - 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_hundred_voters_at_once_lose_and_duplicate_nothing(threads):
    """Half signed in, half anonymous browsers that open the page and vote at once; each votes
    on every statement, then changes its vote on the first (the latest counts)."""
    conversation = _conversation()
    statements = list(conversation.statements.order_by("number"))
    clients = []
    for index in range(VOTERS):
        client = Client()
        if index % 2 == 0:
            user = UserFactory()
            EditionRoleFactory(
                edition=conversation.edition, user=user, role=EditionRole.Role.PARTICIPANT
            )
            client.force_login(user)
        clients.append(client)

    def voter(index: int) -> list[str]:
        client = clients[index]
        assert client.get(_url(conversation, "conversation-vote")).status_code == 200
        errors = [
            _vote(client, conversation, statement, _value(index, statement.number))
            for statement in statements
        ]
        errors.append(_vote(client, conversation, statements[0], _value(index + 1, 0)))
        return errors

    errors = threads.run([lambda index=index: voter(index) for index in range(VOTERS)])

    assert errors == [[""] * (len(statements) + 1)] * VOTERS
    assert Voter.objects.count() == VOTERS
    assert sorted(Voter.objects.values_list("number", flat=True)) == list(range(VOTERS))
    assert Vote.objects.count() == VOTERS * len(statements)
    for index, client in enumerate(clients):
        if index % 2 == 0:
            voter_row = Voter.objects.get(user_id=client.session["_auth_user_id"])
        else:
            voter_row = Voter.objects.get(browser_key=_browser_key(client))
        expected = {s.pk: _value(index, s.number) for s in statements}
        expected[statements[0].pk] = _value(index + 1, 0)
        assert dict(voter_row.votes.values_list("statement_id", "value")) == expected
    assert Analysis.objects.filter(conversation=conversation).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_browsers_first_votes_sent_at_once_make_one_voter(threads):
    """A fresh anonymous browser opens the page and sends several votes at once (a double tap,
    two tabs): one voter with one vote per statement."""
    conversation = _conversation(statements=2)
    first, second = conversation.statements.order_by("number")
    browser = Client()
    browser.get(_url(conversation, "conversation-vote"))
    tabs = [_clone(browser) for _ in range(12)]

    errors = threads.run(
        [
            lambda tab=tab, index=index: _vote(tab, conversation, first if index % 2 else second, 1)
            for index, tab in enumerate(tabs)
        ]
    )

    assert errors == [""] * len(tabs)
    assert list(Voter.objects.values_list("browser_key", flat=True)) == [_browser_key(browser)]
    assert Vote.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_one_person_voting_twice_at_once_keeps_one_vote(threads):
    """A signed-in participant's agree and disagree on one statement arrive at once: one voter,
    one vote, holding one of the two values."""
    conversation = _conversation(statements=1)
    statement = conversation.statements.get()
    person = UserFactory()
    EditionRoleFactory(edition=conversation.edition, user=person, role=EditionRole.Role.PARTICIPANT)
    browser = Client()
    browser.force_login(person)
    tabs = [_clone(browser) for _ in range(10)]

    errors = threads.run(
        [
            lambda tab=tab, index=index: _vote(tab, conversation, statement, 1 if index % 2 else -1)
            for index, tab in enumerate(tabs)
        ]
    )

    assert errors == [""] * len(tabs)
    assert Voter.objects.get().user == person
    assert Vote.objects.get().value in (-1, 1)


@pytest.mark.django_db(transaction=True)
def test_votes_racing_a_moderators_hide_are_stored_before_it_or_refused(threads):
    """Each statement is hidden while someone votes on it: a vote the voter was told is stored
    is stored, a refused one is not, and none of them fails."""
    conversation = _conversation(statements=20)
    organiser = UserFactory()
    statements = list(conversation.statements.order_by("number"))
    browser = Client()
    browser.get(_url(conversation, "conversation-vote"))

    def hide(statement: Statement) -> str:
        statement_moderate(
            statement=statement, actor=organiser, moderation=Statement.Moderation.REJECTED
        )
        return "hidden"

    calls: list[Callable[[], object]] = []
    for statement in statements:
        calls.append(lambda s=statement: _vote(_clone(browser), conversation, s, 1))
        calls.append(lambda s=statement: hide(Statement.objects.get(pk=s.pk)))
    results = threads.run(calls)

    stored = set(Vote.objects.values_list("statement_id", flat=True))
    for statement, told in zip(statements, results[::2], strict=True):
        assert told in ("", "This statement is not open for votes.")
        assert (statement.pk in stored) == (told == "")
    assert set(Statement.objects.values_list("moderation", flat=True)) == {
        Statement.Moderation.REJECTED
    }


def test_a_vote_on_a_statement_hidden_since_it_was_read_is_refused(db):
    """The statement the page read was visible; a moderator hid it before the vote is stored."""
    conversation = _conversation(statements=1)
    statement = conversation.statements.get()
    person = UserFactory()
    EditionRoleFactory(edition=conversation.edition, user=person, role=EditionRole.Role.PARTICIPANT)
    voter = voter_join(conversation=conversation, user=person)
    Statement.objects.filter(pk=statement.pk).update(moderation=Statement.Moderation.REJECTED)

    with pytest.raises(ValidationError):
        vote_cast(voter=voter, statement=statement, value=1)
    assert not Vote.objects.exists()


def _voted(conversation: Conversation, count: int, start: int = 0) -> None:
    """Votes of `count` more anonymous voters on every statement, with no analysis queued."""
    statements = list(conversation.statements.order_by("number"))
    with mock.patch("impactdays.deliberation.services.analysis_request"):
        for number in range(start, start + count):
            _vote_all(conversation, statements, number)


def _vote_all(conversation: Conversation, statements: list[Statement], number: int) -> None:
    voter = voter_join(conversation=conversation, user=None, browser_key=f"browser-{number}")
    for statement in statements:
        vote_cast(voter=voter, statement=statement, value=_value(number, statement.number))


def test_an_analysis_stored_meanwhile_by_another_worker_is_built_on_not_overwritten(db):
    """Worker A reads the stored state and computes; meanwhile worker B, started after a new
    voter's votes, stores its analysis. A's result, from the older state, must not replace B's:
    A starts again from B's, and the stored analysis places the new voter."""
    conversation = _conversation(statements=3)
    _voted(conversation, 6)
    analysis_run(conversation)
    real = analysis._analysis_fields
    calls = []

    def interleaved(conversation: Conversation, previous: Analysis | None) -> object:
        fields = real(conversation, previous)
        calls.append(previous)
        if len(calls) == 1:
            _voted(conversation, 1, start=6)
            analysis_run(conversation)  # worker B, finishing while A computed
        return fields

    with mock.patch.object(analysis, "_analysis_fields", interleaved):
        analysis_run(conversation)

    stored = Analysis.objects.get(conversation=conversation)
    assert len(calls) == 3  # A, B, and A again from B's state
    assert 6 in [point[0] for point in stored.result["points"]]


@pytest.mark.django_db(transaction=True)
def test_workers_creating_one_conversations_analysis_at_once_leave_one_row(threads):
    conversation = _conversation(statements=3)
    _voted(conversation, 8)

    results = threads.run([lambda: analysis_run(conversation) for _ in range(6)])

    assert all(result is not None for result in results)
    stored = Analysis.objects.get(conversation=conversation)
    assert sorted(point[0] for point in stored.result["points"]) == list(range(8))
