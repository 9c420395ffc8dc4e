"""The language is part of a page's URL: English at the root, /ru/ and /de/ for the others."""

import pytest
from django.urls import reverse
from django.utils import translation

from impactdays.forums.links import edition_url

pytestmark = pytest.mark.django_db


def test_english_pages_keep_their_urls_and_the_others_have_a_prefix(client, edition):
    path = edition.get_absolute_url()

    english = client.get(path)
    russian = client.get(f"/ru{path}")
    german = client.get(f"/de{path}")

    assert [english.status_code, russian.status_code, german.status_code] == [200, 200, 200]
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="ru">' in russian.content.decode()
    assert '<html lang="de">' in german.content.decode()
    assert client.get(f"/en{path}").status_code == 404


def test_the_url_wins_over_the_browser_and_the_cookie(client):
    client.cookies["django_language"] = "de"

    response = client.get("/ru/", headers={"accept-language": "de"})

    assert '<html lang="ru">' in response.content.decode()
    assert response["Content-Language"] == "ru"


def test_links_on_a_page_keep_its_language(client, edition):
    path, series_path = edition.get_absolute_url(), edition.series.get_absolute_url()
    with translation.override("de"):
        manage = edition_url("forums:edition-manage", edition)
        login = reverse("account_login")

    page = client.get(f"/de{path}").content.decode()

    assert manage == f"/de/series/{edition.series.slug}/{edition.slug}/manage/"
    assert login == "/de/accounts/login/"
    assert f'href="/de{series_path}"' in page
    assert 'href="/de/accounts/login/"' in page


@pytest.mark.parametrize(("shown_in", "switch_to"), [("en", "ru"), ("ru", "de"), ("de", "en")])
def test_switching_the_language_stays_on_the_same_page(client, edition, shown_in, switch_to):
    path = edition.get_absolute_url() + "?tab=venues"
    prefix = {"en": "", "ru": "/ru", "de": "/de"}
    page = client.get(prefix[shown_in] + path).content.decode()
    # The switcher's form sends the page's path in English; set_language translates it.
    next_path = page.split('name="next" value="', 1)[1].split('"', 1)[0]

    response = client.post("/i18n/setlang/", {"language": switch_to, "next": next_path})

    assert next_path == path.replace("&", "&amp;")
    assert response["Location"] == prefix[switch_to] + path


def test_the_page_links_its_other_languages(client, edition):
    path = edition.get_absolute_url()

    page = client.get(f"/de{path}").content.decode()

    assert f'<link rel="alternate" hreflang="en" href="http://testserver{path}">' in page
    assert f'<link rel="alternate" hreflang="ru" href="http://testserver/ru{path}">' in page
    assert f'<link rel="alternate" hreflang="de" href="http://testserver/de{path}">' in page


@pytest.mark.parametrize("path", ["/ru/api/v1/series", "/de/admin/", "/ru/i18n/setlang/"])
def test_the_api_the_admin_and_the_language_switch_have_no_prefix(client, path):
    assert client.get(path).status_code == 404


def test_an_organiser_without_two_factor_reaches_its_set_up_in_russian(client, edition):
    from tests.conftest import _member

    organiser = _member(edition, "organiser")  # no TOTP yet
    client.force_login(organiser)
    path = edition.get_absolute_url()

    sent = client.get(f"/ru{path}")
    set_up = client.get(sent["Location"], follow=True)

    # Sent to the set-up (through any step allauth adds), in Russian, and not sent back again.
    assert sent["Location"].startswith("/ru/")
    assert set_up.status_code == 200
    assert [url[:4] for url, _status in set_up.redirect_chain] == ["/ru/"] * len(
        set_up.redirect_chain
    )
    assert '<html lang="ru">' in set_up.content.decode()
