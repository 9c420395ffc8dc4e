from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from impactdays.common.permissions import permission_required
from impactdays.people import selectors, services
from impactdays.people.forms import (
    SWITCHABLE_CONSENTS,
    AccountEraseForm,
    ApiTokenForm,
    ConsentForm,
    ProfileForm,
)
from impactdays.people.models import ConsentKind, User
from impactdays.people.personal_data import personal_data_of

OWN_ACCOUNT = "common.use_own_account"


def _person(request: HttpRequest) -> User:
    # login_required guarantees a User; a fresh copy keeps request.user (shown in the page
    # header) free of values from a form that turns out to be invalid.
    return get_object_or_404(User, pk=request.user.pk)


def _render_profile_edit(
    request: HttpRequest,
    person: User,
    *,
    profile_form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
) -> HttpResponse:
    current = selectors.consent_records_current(person)
    context: dict[str, Any] = {  # Any: template context values of many types
        "person": person,
        "profile_form": profile_form or ProfileForm(instance=person),
        "token_form": token_form or ApiTokenForm(),
        "consents": [(ConsentKind(kind), current.get(kind)) for kind in SWITCHABLE_CONSENTS],
        "tokens": selectors.api_tokens_of(person),
    }
    return render(request, "people/profile_edit.html", context)


def _person_from_url(request: HttpRequest, kwargs: dict[str, Any]) -> User:
    return get_object_or_404(User, pk=kwargs.pop("pk"), is_active=True)


# Anonymous visitors log in first; then a private profile answers 404, not 403, so that it does
# not reveal that the account exists.
@login_required
@permission_required("people.view_profile", lookup=_person_from_url, visible="people.view_profile")
def profile_detail(request: HttpRequest, person: User) -> HttpResponse:
    return render(request, "people/profile_detail.html", {"person": person})


# The formats common.images saves, by file extension.
_AVATAR_CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _person_with_avatar(request: HttpRequest, kwargs: dict[str, Any]) -> User:
    person = get_object_or_404(User, pk=kwargs.pop("pk"), is_active=True)
    if PurePosixPath(person.avatar.name or "").name != kwargs.pop("name"):
        raise Http404
    return person


# Anonymous visitors get 404 too, not a login page: an image is never a page to log in from.
@require_safe
@permission_required(
    "people.view_profile", lookup=_person_with_avatar, visible="people.view_profile"
)
def avatar_detail(request: HttpRequest, person: User) -> FileResponse:
    """The avatar file, for those who may see the profile (people.view_profile); 404 for others."""
    stored_name = PurePosixPath(person.avatar.name)
    response = FileResponse(
        person.avatar.open("rb"), content_type=_AVATAR_CONTENT_TYPES.get(stored_name.suffix)
    )
    # Only the browser of who asked may keep it; a new avatar gets a new name, hence a new URL.
    response["Cache-Control"] = "private, max-age=86400"
    return response


@permission_required(OWN_ACCOUNT)
def profile_edit(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if request.method != "POST":
        return _render_profile_edit(request, person)
    form = ProfileForm(request.POST, request.FILES, instance=person)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if "avatar" in fields:
            fields["avatar"] = fields["avatar"] or None  # False means "clear"
        # `person` now holds the form's values, the upload included; the service gets the
        # stored state, so that it knows which avatar file it replaces.
        stored = _person(request)
        try:
            services.profile_update(user=stored, actor=stored, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("people:profile-edit")
    return _render_profile_edit(request, person, profile_form=form)


@permission_required(OWN_ACCOUNT)
@require_POST
def avatar_remove(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if person.avatar:
        services.profile_update(user=person, actor=person, avatar=None)
        messages.success(request, _("Your photo is removed."))
    return redirect("people:profile-edit")


@permission_required(OWN_ACCOUNT)
@require_POST
def consent_set(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a consent and whether you give or withdraw it."))
        return redirect("people:profile-edit")
    person = _person(request)
    services.consent_set(user=person, **form.cleaned_data)
    messages.success(request, _("Your choice is recorded."))
    return redirect("people:profile-edit")


@permission_required(OWN_ACCOUNT)
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile_edit(request, person, token_form=form)
    token, key = services.api_token_create(user=person, name=form.cleaned_data["name"])
    # The clear key goes into this response only: it is stored nowhere, not even in a message.
    return render(request, "people/api_token_create.html", {"token": token, "key": key})


@permission_required(OWN_ACCOUNT)
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    token = get_object_or_404(person.api_tokens, pk=pk)
    services.api_token_revoke(token=token, actor=person)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("people:profile-edit")


@permission_required(OWN_ACCOUNT)
def personal_data_export(request: HttpRequest) -> HttpResponse:
    data = personal_data_of(_person(request))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="impactdays-personal-data.json"'
    return response


@permission_required(OWN_ACCOUNT)
def account_erase(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    form = AccountEraseForm(request.POST or None, user=person)
    if request.method == "POST" and form.is_valid():
        services.account_erase(user=person, actor=person)
        logout(request)
        messages.success(request, _("Your account and your personal data are erased."))
        return redirect("forums:home")
    return render(request, "people/account_erase.html", {"form": form})
