"""The voting page: one statement at a time, agree / disagree / pass, and writing a statement.

It works with plain forms (each vote a POST, then a redirect back); static/deliberation/js adds
keyboard shortcuts. Anonymous visitors of a conversation that admits them are known by a random
key in a signed cookie, set on their first vote.
"""

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from impactdays.deliberation import selectors, services
from impactdays.deliberation.forms import (
    ConversationCreateForm,
    ConversationForm,
    ImportForm,
    SeedForm,
    StatementForm,
)
from impactdays.deliberation.models import Conversation, Statement, Voter
from impactdays.deliberation.polis import conversation_export_zip, conversation_import_zip
from impactdays.deliberation.rules import anonymous_may_vote
from impactdays.forums.dashboard import DashboardSection
from impactdays.forums.forms import form_add_service_errors, messages_add_service_errors
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.forums.permissions import acting_user, edition_permission_required

BROWSER_COOKIE = "deliberation_browser"
BROWSER_COOKIE_SALT = "impactdays.deliberation.browser"
BROWSER_COOKIE_AGE = 60 * 60 * 24 * 365


def _browser_key(request: HttpRequest) -> str | None:
    key = request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT)
    return key if isinstance(key, str) and key else None


def _conversation(edition: Edition, pk: int) -> Conversation:
    return get_object_or_404(Conversation.objects.select_related("edition"), edition=edition, pk=pk)


def _may_vote(request: HttpRequest, conversation: Conversation) -> bool:
    if request.user.is_authenticated:
        return bool(request.user.has_perm("deliberation.vote", conversation))
    return anonymous_may_vote(conversation)


def _voter(request: HttpRequest, conversation: Conversation) -> Voter | None:
    """The visitor's voter in this conversation, if they have voted or written before."""
    if request.user.is_authenticated:
        return Voter.objects.filter(conversation=conversation, user=request.user).first()
    key = _browser_key(request)
    if key is None:
        return None
    return Voter.objects.filter(conversation=conversation, browser_key=key).first()


def _page_url(conversation: Conversation) -> str:
    return edition_url("deliberation:conversation-vote", conversation.edition, pk=conversation.pk)


def _join(request: HttpRequest, conversation: Conversation) -> tuple[Voter, str | None]:
    """The visitor's voter, created on first use; a new anonymous visitor gets a key to keep."""
    new_key = None
    key = _browser_key(request)
    if not request.user.is_authenticated and key is None:
        key = new_key = secrets.token_urlsafe(24)
    voter = services.voter_join(conversation=conversation, user=request.user, browser_key=key)
    return voter, new_key


def _keep_key(response: HttpResponse, request: HttpRequest, key: str | None) -> HttpResponse:
    if key is not None:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            key,
            salt=BROWSER_COOKIE_SALT,
            max_age=BROWSER_COOKIE_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


@edition_permission_required("forums.view_edition")
def conversation_list(request: HttpRequest, edition: Edition) -> HttpResponse:
    conversations = Conversation.objects.filter(edition=edition)
    return render(
        request,
        "deliberation/conversation_list.html",
        {"edition": edition, "conversations": conversations},
    )


@edition_permission_required("forums.view_edition")
def conversation_vote(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    conversation = _conversation(edition, pk)
    voter = _voter(request, conversation)
    may_vote = conversation.is_open and _may_vote(request, conversation)
    # An anonymous visitor gets their key with the page, so that two votes sent at once from a
    # fresh browser (a double tap) arrive with the same key and make one voter, not two.
    new_key = None
    if may_vote and not request.user.is_authenticated and _browser_key(request) is None:
        new_key = secrets.token_urlsafe(24)
    response = render(
        request,
        "deliberation/conversation_vote.html",
        {
            "edition": edition,
            "conversation": conversation,
            "statement": selectors.next_statement_for(
                conversation, voter, selectors.priorities_of(selectors.analysis_of(conversation))
            )
            if may_vote
            else None,
            "progress": selectors.voter_progress(conversation, voter),
            "may_vote": may_vote,
            "form": StatementForm(conversation=conversation),
        },
    )
    return _keep_key(response, request, new_key)


@edition_permission_required("forums.view_edition")
@require_POST
def vote_submit(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    conversation = _conversation(edition, pk)
    if not _may_vote(request, conversation):
        raise PermissionDenied
    statement_id = request.POST.get("statement", "")
    if not statement_id.isdigit():
        raise Http404
    statement = get_object_or_404(
        Statement.objects.select_related("conversation"), conversation=conversation, pk=statement_id
    )
    value_text = request.POST.get("value", "")
    value = int(value_text) if value_text in ("-1", "0", "1") else value_text
    new_key = None
    try:
        voter, new_key = _join(request, conversation)
        services.vote_cast(voter=voter, statement=statement, value=value)
    except ValidationError as error:
        messages_add_service_errors(request, error)
    return _keep_key(redirect(_page_url(conversation)), request, new_key)


@edition_permission_required("forums.view_edition")
@require_POST
def statement_write(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    conversation = _conversation(edition, pk)
    if not _may_vote(request, conversation):
        raise PermissionDenied
    form = StatementForm(request.POST, conversation=conversation)
    new_key = None
    if form.is_valid():
        try:
            voter, new_key = _join(request, conversation)
            services.statement_submit(
                conversation=conversation, author=voter, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            messages_add_service_errors(request, error)
        else:
            if conversation.moderation == Conversation.Moderation.PRE:
                messages.success(
                    request, _("Thank you: your statement is shown once a moderator accepts it.")
                )
            else:
                messages.success(request, _("Thank you: your statement is added."))
    else:
        for problem in form.errors.get("text", []):
            messages.error(request, str(problem))
    return _keep_key(redirect(_page_url(conversation)), request, new_key)


@edition_permission_required("forums.view_edition")
def conversation_results(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """The latest analysis: groups and what represents each, consensus, what divides, and how
    fresh it is. It reloads itself every half minute for a projector (?projector=1)."""
    conversation = _conversation(edition, pk)
    analysis = selectors.analysis_of(conversation)
    voter = _voter(request, conversation)
    return render(
        request,
        "deliberation/conversation_results.html",
        {
            "edition": edition,
            "conversation": conversation,
            "results": None
            if analysis is None
            else selectors.results_of(conversation, analysis, voter),
            "is_projector": request.GET.get("projector") == "1",
        },
    )


# The organisers' pages: moderation, and opening or closing a conversation.


def _dashboard_context(request: HttpRequest, edition: Edition) -> dict[str, Any]:  # Any: context
    return {"conversations": Conversation.objects.filter(edition=edition)}


DASHBOARD_SECTION = DashboardSection(
    key="conversations",
    title=gettext_lazy("Conversations"),
    template="deliberation/partials/dashboard.html",
    order=75,
    permission="deliberation.manage_conversation",
    context=_dashboard_context,
)


@edition_permission_required("deliberation.manage_conversation")
def conversation_moderate(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    conversation = _conversation(edition, pk)
    return render(
        request,
        "deliberation/conversation_moderate.html",
        {
            "edition": edition,
            "conversation": conversation,
            "statements": conversation.statements.order_by("moderation", "-number"),
            "may_change": request.user.has_perm("deliberation.moderate", conversation),
        },
    )


@edition_permission_required("deliberation.manage_conversation")
@require_POST
def statement_moderate_submit(
    request: HttpRequest, edition: Edition, pk: int, statement_pk: int
) -> HttpResponse:
    conversation = _conversation(edition, pk)
    if not request.user.has_perm("deliberation.moderate", conversation):
        raise PermissionDenied
    statement = get_object_or_404(Statement, conversation=conversation, pk=statement_pk)
    choice = request.POST.get("moderation", "")
    moderation: object = int(choice) if choice in ("-1", "0", "1") else choice
    try:
        services.statement_moderate(
            statement=statement, actor=acting_user(request), moderation=moderation
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
    return redirect(edition_url("deliberation:conversation-moderate", edition, pk=conversation.pk))


@edition_permission_required("deliberation.manage_conversation")
@require_POST
def conversation_open_submit(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    conversation = _conversation(edition, pk)
    if not request.user.has_perm("deliberation.change_conversation", conversation):
        raise PermissionDenied
    services.conversation_set_open(
        conversation=conversation, actor=acting_user(request), is_open="open" in request.POST
    )
    return redirect(edition_url("deliberation:conversation-moderate", edition, pk=conversation.pk))


# The organisers' pages: a conversation's setup, its seed statements, and the openData files.


def _may_change(request: HttpRequest, target: Edition | Conversation) -> None:
    if not request.user.has_perm("deliberation.change_conversation", target):
        raise PermissionDenied


def _edit_url(conversation: Conversation) -> str:
    return edition_url("deliberation:conversation-edit", conversation.edition, pk=conversation.pk)


@edition_permission_required("deliberation.manage_conversation")
def conversation_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    """A new conversation (with its seed statements), or one imported from an openData export."""
    form = ConversationCreateForm(request.POST or None, edition=edition)
    if request.method == "POST":
        _may_change(request, edition)
        if form.is_valid():
            try:
                created = services.conversation_create(
                    edition=edition,
                    actor=acting_user(request),
                    seed_statements=form.seeds(),
                    **form.values(),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The conversation is open."))
                return redirect(_edit_url(created))
    return render(
        request,
        "deliberation/conversation_create.html",
        {
            "edition": edition,
            "form": form,
            "import_form": ImportForm(),
            "may_change": request.user.has_perm("deliberation.change_conversation", edition),
        },
    )


@edition_permission_required("deliberation.manage_conversation")
@require_POST
def conversation_import_submit(request: HttpRequest, edition: Edition) -> HttpResponse:
    _may_change(request, edition)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, str(text))
        return redirect(edition_url("deliberation:conversation-create", edition))
    try:
        imported = conversation_import_zip(
            edition=edition, upload=form.cleaned_data["file"], actor=acting_user(request)
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
        return redirect(edition_url("deliberation:conversation-create", edition))
    messages.success(request, _("The conversation is imported, closed; open it when it is ready."))
    return redirect(_edit_url(imported))


@edition_permission_required("deliberation.manage_conversation")
def conversation_edit(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    conversation = _conversation(edition, pk)
    form = ConversationForm(request.POST or None, instance=conversation, edition=edition)
    if request.method == "POST":
        _may_change(request, conversation)
        if form.is_valid():
            try:
                services.conversation_update(
                    conversation=conversation, actor=acting_user(request), **form.values()
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The conversation is saved."))
                return redirect(_edit_url(conversation))
    return render(
        request,
        "deliberation/conversation_edit.html",
        {
            "edition": edition,
            "conversation": conversation,
            "form": form,
            "seed_form": SeedForm(),
            "seeds": conversation.statements.filter(is_seed=True),
            "may_change": request.user.has_perm("deliberation.change_conversation", conversation),
        },
    )


@edition_permission_required("deliberation.manage_conversation")
@require_POST
def statement_seed_submit(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    conversation = _conversation(edition, pk)
    _may_change(request, conversation)
    form = SeedForm(request.POST)
    if form.is_valid():
        try:
            services.statement_seed_add(
                conversation=conversation,
                actor=acting_user(request),
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            messages_add_service_errors(request, error)
        else:
            messages.success(request, _("The seed statement is added."))
    else:
        for text in form.errors.get("text", []):
            messages.error(request, str(text))
    return redirect(_edit_url(conversation))


@edition_permission_required("deliberation.manage_conversation")
def conversation_export_download(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """The conversation in the Pol.is openData format, as a ZIP file."""
    conversation = _conversation(edition, pk)
    response = HttpResponse(
        conversation_export_zip(conversation=conversation), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="conversation-{conversation.pk}.zip"'
    return response
