"""Every people page acts on the signed-in person: anonymous visitors are sent to log in.

Two exceptions: the terms of use and the privacy notice, which anyone must be able to read
before signing up, and the avatar file, which answers 404, since an image is never a page to log
in from (tests/people/test_avatars.py).
"""

import pytest
from django.urls import URLPattern, reverse
from django.utils import translation

from impactdays.people import urls as people_urls

NOT_TO_LOGIN = {"terms-detail", "privacy-detail", "avatar-detail"}
PATTERNS = [
    p for p in people_urls.urlpatterns if isinstance(p, URLPattern) and p.name not in NOT_TO_LOGIN
]


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_people_url_sends_anonymous_to_login(client, pattern, method):
    kwargs = {name: 1 for name in pattern.pattern.converters}
    url = reverse(f"people:{pattern.name}", kwargs=kwargs)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "heading", "language"),
    [
        ("terms-detail", "Terms of use", "en"),
        ("privacy-detail", "Privacy notice", "en"),
        ("terms-detail", "Условия использования", "ru"),
        ("privacy-detail", "Уведомление о конфиденциальности", "ru"),  # noqa: RUF001 -- Russian text
        ("terms-detail", "Nutzungsbedingungen", "de"),
        ("privacy-detail", "Datenschutzhinweis", "de"),
    ],
)
def test_legal_page_is_public_in_each_language(client, name, heading, language):
    with translation.override(language):  # the language is in the URL: /ru/people/terms/
        url, terms, privacy = (
            reverse(f"people:{name}"),
            reverse("people:terms-detail"),
            reverse("people:privacy-detail"),
        )

    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in page
    # Both pages are also linked from every page's footer, in the page's language.
    assert f'href="{terms}"' in page
    assert f'href="{privacy}"' in page
