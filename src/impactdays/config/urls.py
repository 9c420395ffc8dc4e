"""The site's URLs: pages per app, accounts, the API and the admin."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from impactdays.config.api import api

# The admin signs in through allauth, so site admins get its throttling and the TOTP step.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # documented allauth hook

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("people/", include("impactdays.people.urls")),
    path("", include("impactdays.forums.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
