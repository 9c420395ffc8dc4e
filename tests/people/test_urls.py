"""Every people page acts on the signed-in person: anonymous visitors are sent to log in.

The avatar file is the exception: it answers 404, since an image is never a page to log in from
(tests/people/test_avatars.py).
"""

import pytest
from django.urls import URLPattern, reverse

from impactdays.people import urls as people_urls

PATTERNS = [
    p for p in people_urls.urlpatterns if isinstance(p, URLPattern) and p.name != "avatar-detail"
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
