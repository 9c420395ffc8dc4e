"""Named personas shared by every test: each holds one role in `edition`, the outsider none.

Also the API clients (anonymous, or holding a persona's token) that the apps' API tests share.
"""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.utils import translation

from impactdays.forums.models import Edition, EditionRole
from impactdays.people.models import User
from impactdays.people.services import api_token_create
from tests.api_client import ApiClient
from tests.demo.snapshot import DemoSnapshot
from tests.forums.factories import EditionFactory, EditionRoleFactory
from tests.people.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_isolated_settings(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined,operator]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # type: ignore[attr-defined,operator]
    # Password hashing is slow by design; tests only need it to be correct.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # A request in another language leaves that language active in the thread; start in English.
    translation.activate("en")
    # Rate limits count in the cache, which outlives a test; every test starts from zero.
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_tasks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run tasks in-process, even when CI sets a broker; only `worker` tests use the real one."""
    from impactdays.config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = request.node.get_closest_marker("worker") is None
    yield
    app.conf.task_always_eager = before


@pytest.fixture(scope="session")
def demo_snapshot() -> Iterator[DemoSnapshot]:
    """The demo forum's rows: built by the first test that asks for the demo, then restored."""
    snapshot = DemoSnapshot()
    yield snapshot
    snapshot.discard()


@pytest.fixture
def demo_forum(db: None, demo_snapshot: DemoSnapshot) -> None:
    """The pristine demo forum (`impactdays demo`), inside the test's transaction; the browser
    tests' demo_forum (tests/browser/conftest.py) commits it for their live server."""
    demo_snapshot.load()


@pytest.fixture
def edition(db: None) -> Edition:
    return EditionFactory(status=Edition.Status.OPEN_CALL)


def _with_totp(user: User) -> User:
    # Organisers and site admins must have TOTP; give personas one so pages open for them.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def _member(edition: Edition, role: str) -> User:
    user = UserFactory(display_name=role.title())
    EditionRoleFactory(edition=edition, user=user, role=role)
    return user


@pytest.fixture
def organiser(edition: Edition) -> User:
    return _with_totp(_member(edition, EditionRole.Role.ORGANISER))


@pytest.fixture
def facilitator(edition: Edition) -> User:
    return _member(edition, EditionRole.Role.FACILITATOR)


@pytest.fixture
def reviewer(edition: Edition) -> User:
    return _member(edition, EditionRole.Role.REVIEWER)


@pytest.fixture
def speaker(edition: Edition) -> User:
    return _member(edition, EditionRole.Role.SPEAKER)


@pytest.fixture
def participant(edition: Edition) -> User:
    return _member(edition, EditionRole.Role.PARTICIPANT)


@pytest.fixture
def partner(edition: Edition) -> User:
    return _member(edition, EditionRole.Role.PARTNER)


@pytest.fixture
def outsider(db: None) -> User:
    """Organiser of a different edition: signed in, powerful elsewhere, nothing here."""
    other = EditionFactory()
    user = UserFactory(display_name="Outsider")
    EditionRoleFactory(edition=other, user=user, role=EditionRole.Role.ORGANISER)
    return _with_totp(user)


@pytest.fixture
def site_admin(db: None) -> User:
    return _with_totp(UserFactory(display_name="Admin", is_staff=True, is_superuser=True))


@pytest.fixture
def draft_edition(edition: Edition, organiser: User) -> Edition:
    """A draft of the same series, with `organiser` as its organiser and nobody else."""
    draft = EditionFactory(
        series=edition.series,
        status=Edition.Status.DRAFT,
        title="Secret draft",
        year=2019,
        starts_on=dt.date(2019, 5, 2),
        ends_on=dt.date(2019, 5, 4),
    )
    EditionRoleFactory(edition=draft, user=organiser, role=EditionRole.Role.ORGANISER)
    return draft


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient()


@pytest.fixture
def api_as(db: None) -> Callable[[User], ApiClient]:
    def as_user(user: User) -> ApiClient:
        _token, key = api_token_create(user=user, name="tests")
        return ApiClient(key)

    return as_user
