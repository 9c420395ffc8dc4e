"""Pages of the open call: the applicant's, the organiser's and the reviewer's.

Applicants only ever reach their own application (looked up by the person signed in, never by
id); reviewers reach a review only through their own assignments; the organiser's pages check
the edition's management permission.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from impactdays.applications import invitations, questions, selection, selectors, services
from impactdays.applications.forms import (
    ApplicationForm,
    CallForm,
    CriterionForm,
    InviteForm,
    QuestionForm,
    QuotaForm,
    QuotasImportForm,
    ReviewForm,
    SelectionRunForm,
)
from impactdays.applications.models import (
    Application,
    Call,
    Criterion,
    Invitation,
    Question,
    Quota,
    SelectionRun,
)
from impactdays.common.translated import translations_of
from impactdays.forums.dashboard import DashboardSection
from impactdays.forums.forms import form_add_service_errors, messages_add_service_errors
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.forums.permissions import acting_user, edition_permission_required
from impactdays.people.models import User


def _call_or_404(edition: Edition) -> Call:
    call = selectors.call_of(edition)
    if call is None:
        raise Http404
    return call


# The applicant's pages.


@edition_permission_required("applications.view_call")
def call_detail(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    mine = (
        selectors.application_of(call=call, applicant=request.user)
        if isinstance(request.user, User)
        else None
    )
    invitation = Invitation.objects.filter(application=mine).first() if mine else None
    return render(
        request,
        "applications/call_detail.html",
        {
            "edition": edition,
            "call": call,
            "application": mine,
            "invitation": invitation,
            "published_run": selection.selection_run_published(call),
            "is_open": edition.status == Edition.Status.OPEN_CALL
            and call.is_open_at(timezone.now()),
        },
    )


@edition_permission_required("applications.apply")
def application_edit(request: HttpRequest, edition: Edition) -> HttpResponse:
    """Apply, save a draft, or change the application until the call closes."""
    call = _call_or_404(edition)
    mine = selectors.application_of(call=call, applicant=acting_user(request))
    if mine is not None and not request.user.has_perm("applications.change_application", mine):
        raise PermissionDenied
    form = ApplicationForm(
        request.POST or None,
        questions=selectors.call_questions(call),
        answers=mine.answers if mine else {},
    )
    if request.method == "POST" and form.is_valid():
        is_submitted = "submit" in request.POST
        try:
            saved = services.application_save(
                call=call,
                applicant=acting_user(request),
                answers=form.cleaned_data,
                is_submitted=is_submitted,
                application=mine,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            done = (
                _("Your application is submitted; a receipt is on its way to your mailbox.")
                if saved.status == Application.Status.SUBMITTED
                else _("Your draft is saved. Submit it before the call closes.")
            )
            messages.success(request, done)
            return redirect(edition_url("applications:call-detail", edition))
    return render(
        request,
        "applications/application_form.html",
        {"edition": edition, "call": call, "application": mine, "form": form},
    )


@edition_permission_required("applications.apply")
@require_POST
def application_withdraw(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    mine = selectors.application_of(call=call, applicant=acting_user(request))
    if mine is None:
        raise Http404
    if not request.user.has_perm("applications.change_application", mine):
        raise PermissionDenied
    try:
        services.application_withdraw(application=mine, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(edition_url("applications:call-detail", edition))


def _run_file(run: SelectionRun, name: str) -> HttpResponse:
    response = HttpResponse(
        run.quotas_csv if name == "quotas" else run.people_csv,
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{run.pk}.csv"'
    return response


@edition_permission_required("applications.view_call")
def selection_public(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The published run for everyone: the method, each application's chance (by number, no
    names), the quotas met, and how to draw it again from its files."""
    run = selection.selection_run_published(_call_or_404(edition))
    if run is None:
        raise Http404
    download = request.GET.get("file")
    if download in ("quotas", "people"):
        return _run_file(run, download)
    panel = set(run.panel)
    return render(
        request,
        "applications/selection_public.html",
        {
            "edition": edition,
            "run": run,
            "quotas": selection.quotas_met(run),
            "chart": selection.probability_chart(run),
            "rows": sorted(
                (
                    (f"A-{int(person):04d}", p, person in panel)
                    for person, p in run.probabilities.items()
                ),
                key=lambda row: row[0],
            ),
        },
    )


@edition_permission_required("applications.apply")
@require_POST
def invitation_respond(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The invited applicant confirms or declines; only their own invitation is ever found."""
    call = _call_or_404(edition)
    invitation = get_object_or_404(
        Invitation, application__call=call, application__applicant=acting_user(request)
    )
    is_accepted = "confirm" in request.POST
    try:
        invitations.invitation_respond(
            invitation=invitation, user=acting_user(request), is_accepted=is_accepted
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(
            request,
            _("Welcome: you are a participant of %(title)s.") % {"title": edition.title}
            if is_accepted
            else _("You have declined the invitation. Thank you for telling us."),
        )
    return redirect(edition_url("applications:call-detail", edition))


# The organiser's pages.


@edition_permission_required("applications.change_call")
def call_settings(request: HttpRequest, edition: Edition) -> HttpResponse:
    """Open the call, or change its settings; with its review criteria and reviewer assignment."""
    call = selectors.call_of(edition)
    with timezone.override(edition.time_zone):
        form = CallForm(
            request.POST or None, instance=Call(edition=edition) if call is None else call
        )
        if request.method == "POST" and form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.CALL_FIELDS}
            try:
                if call is None:
                    services.call_create(edition=edition, actor=acting_user(request), **data)
                else:
                    services.call_update(call=call, actor=acting_user(request), **data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The call is saved."))
                return redirect(edition_url("applications:call-settings", edition))
        return _settings_page(request, edition, call, form, CriterionForm())


def _settings_page(
    request: HttpRequest,
    edition: Edition,
    call: Call | None,
    form: CallForm,
    criterion_form: CriterionForm,
) -> HttpResponse:
    return render(
        request,
        "applications/call_settings.html",
        {
            "edition": edition,
            "call": call,
            "form": form,
            "criterion_form": criterion_form,
            "criteria": list(call.criteria.all()) if call else [],
            "questions": selectors.call_questions(call) if call else [],
        },
    )


@edition_permission_required("applications.change_call")
@require_POST
def criterion_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_create(call=call, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The criterion is added."))
            return redirect(edition_url("applications:call-settings", edition))
    with timezone.override(edition.time_zone):
        return _settings_page(request, edition, call, CallForm(instance=call), form)


@edition_permission_required("applications.change_call")
@require_POST
def criterion_delete(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion, call__edition=edition, pk=pk)
    try:
        services.criterion_delete(criterion=criterion, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("The criterion is removed."))
    return redirect(edition_url("applications:call-settings", edition))


def _question_or_404(edition: Edition, pk: int) -> Question:
    return get_object_or_404(Question.objects.select_related("call"), call__edition=edition, pk=pk)


@edition_permission_required("applications.change_call")
def question_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    form = QuestionForm(request.POST or None, is_new=True, initial={"is_required": True})
    if request.method == "POST" and form.is_valid():
        try:
            questions.question_create(call=call, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect(edition_url("applications:call-settings", edition))
    return render(
        request,
        "applications/question_form.html",
        {"edition": edition, "call": call, "form": form, "question": None},
    )


@edition_permission_required("applications.change_call")
def question_edit(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    question = _question_or_404(edition, pk)
    form = QuestionForm(
        request.POST or None,
        is_new=False,
        initial={
            "is_required": question.is_required,
            **{f"label_{code}": text for code, text in translations_of(question, "label").items()},
            **{
                f"help_text_{code}": text
                for code, text in translations_of(question, "help_text").items()
            },
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            questions.question_update(
                question=question, actor=acting_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(edition_url("applications:call-settings", edition))
    return render(
        request,
        "applications/question_form.html",
        {
            "edition": edition,
            "call": question.call,
            "form": form,
            "question": question,
            "answer_count": questions.question_answer_count(question),
        },
    )


@edition_permission_required("applications.change_call")
@require_POST
def question_delete(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    question = _question_or_404(edition, pk)
    try:
        questions.question_delete(question=question, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("The question is removed."))
    return redirect(edition_url("applications:call-settings", edition))


@edition_permission_required("applications.change_call")
@require_POST
def reviews_assign(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    try:
        reviews, short = services.reviews_assign(call=call, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s review is assigned.", "%(count)s reviews are assigned.", len(reviews)
            )
            % {"count": len(reviews)},
        )
        if short:
            messages.warning(
                request,
                ngettext(
                    "%(count)s application lacks reviewers free of conflicts; grant the reviewer role to more people.",
                    "%(count)s applications lack reviewers free of conflicts; grant the reviewer role to more people.",
                    len(short),
                )
                % {"count": len(short)},
            )
    return redirect(edition_url("applications:application-list", edition))


def _list_filters(
    request: HttpRequest, questions: list[Question]
) -> tuple[str, dict[str, str], str]:
    filterable = {q.key for q in questions if q.kind in selectors.FILTER_KINDS}
    answers = {key: request.GET.get(key, "") for key in filterable if request.GET.get(key)}
    return request.GET.get("status", ""), answers, request.GET.get("sort", "submitted")


@edition_permission_required("applications.manage_call")
def application_list(request: HttpRequest, edition: Edition) -> HttpResponse:
    """Every submitted or withdrawn application, sortable and filterable; CSV with ?format=csv."""
    call = _call_or_404(edition)
    questions = selectors.call_questions(call)
    status, answers, sort = _list_filters(request, questions)
    applications = selectors.applications_listed(
        call=call, status=status, answers=answers, sort=sort
    )
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            selectors.applications_csv(call=call, applications=applications),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="applications-{edition.slug}.csv"'
        return response
    return render(
        request,
        "applications/application_list.html",
        {
            "edition": edition,
            "call": call,
            "applications": applications,
            "filter_questions": [q for q in questions if q.kind in selectors.FILTER_KINDS],
            "filters": answers,
            "status": status,
            "sort": sort,
            "statuses": [
                (value, label)
                for value, label in Application.Status.choices
                if value != Application.Status.DRAFT
            ],
            "query": request.GET.urlencode(),
        },
    )


@edition_permission_required("applications.manage_call")
def application_detail(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    call = _call_or_404(edition)
    application = get_object_or_404(
        Application.objects.select_related("applicant").exclude(status=Application.Status.DRAFT),
        call=call,
        pk=pk,
    )
    return render(
        request,
        "applications/application_detail.html",
        {
            "edition": edition,
            "call": call,
            "application": application,
            "answers": selectors.answer_rows(application, selectors.call_questions(call)),
            "reviews": application.reviews.select_related("reviewer").prefetch_related(
                "scores__criterion"
            ),
        },
    )


# The reviewer's pages.


@edition_permission_required("applications.review")
def review_list(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    return render(
        request,
        "applications/review_list.html",
        {
            "edition": edition,
            "call": call,
            "reviews": selectors.reviews_assigned_to(reviewer=acting_user(request), call=call),
        },
    )


@edition_permission_required("applications.review")
def review_edit(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    call = _call_or_404(edition)
    # Another reviewer's assignment answers 404, as one that does not exist.
    review = get_object_or_404(
        selectors.reviews_assigned_to(reviewer=acting_user(request), call=call), pk=pk
    )
    if not request.user.has_perm("applications.change_review", review):
        raise PermissionDenied
    criteria = list(call.criteria.all())
    form = ReviewForm(
        request.POST or None,
        criteria=criteria,
        initial_scores={score.criterion_id: score.value for score in review.scores.all()},
        initial={"comment": review.comment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(
                review=review,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                actor=acting_user(request),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Your review is saved."))
            return redirect(edition_url("applications:review-list", edition))
    return render(
        request,
        "applications/review_form.html",
        {
            "edition": edition,
            "call": call,
            "review": review,
            "form": form,
            "is_anonymised": call.is_review_anonymised,
            "answers": selectors.answer_rows(
                review.application,
                selectors.call_questions(call),
                is_anonymised=call.is_review_anonymised,
            ),
        },
    )


# Quotas and the selection run.


def _quota_questions(call: Call) -> list[Question]:
    return [q for q in selectors.call_questions(call) if q.kind in selection.QUOTA_KINDS]


def _selection_page(
    request: HttpRequest,
    edition: Edition,
    call: Call,
    quota_form: QuotaForm | None = None,
    run_form: SelectionRunForm | None = None,
    import_form: QuotasImportForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "applications/selection_manage.html",
        {
            "edition": edition,
            "call": call,
            "quotas": list(call.quotas.all()),
            "quota_form": quota_form or QuotaForm(questions=_quota_questions(call)),
            "run_form": run_form or SelectionRunForm(),
            "import_form": import_form or QuotasImportForm(),
            "runs": call.selection_runs.all(),
            "pool_count": call.applications.filter(status=Application.Status.SUBMITTED).count(),
        },
    )


@edition_permission_required("applications.change_call")
def selection_manage(request: HttpRequest, edition: Edition) -> HttpResponse:
    """Quotas and runs; `?file=quotas` or `?file=people` downloads the current pool's files."""
    call = _call_or_404(edition)
    download = request.GET.get("file")
    if download in ("quotas", "people"):
        quotas_csv, people_csv = selection.selection_files(call)
        response = HttpResponse(
            quotas_csv if download == "quotas" else people_csv,
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{download}-pool.csv"'
        return response
    return _selection_page(request, edition, call)


@edition_permission_required("applications.change_call")
@require_POST
def quotas_import(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    form = QuotasImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            imported = selection.quotas_import(
                call=call, quotas_csv=form.cleaned_data["quotas_file"], actor=acting_user(request)
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s quota is imported.", "%(count)s quotas are imported.", len(imported)
                )
                % {"count": len(imported)},
            )
            return redirect(edition_url("applications:selection-manage", edition))
    return _selection_page(request, edition, call, import_form=form)


@edition_permission_required("applications.change_call")
@require_POST
def quota_set(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    form = QuotaForm(request.POST, questions=_quota_questions(call))
    if form.is_valid():
        try:
            selection.quota_set(call=call, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The quota is saved."))
            return redirect(edition_url("applications:selection-manage", edition))
    return _selection_page(request, edition, call, quota_form=form)


@edition_permission_required("applications.change_call")
@require_POST
def quota_delete(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    quota = get_object_or_404(Quota, call__edition=edition, pk=pk)
    try:
        selection.quota_delete(quota=quota, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("The quota is removed."))
    return redirect(edition_url("applications:selection-manage", edition))


@edition_permission_required("applications.change_call")
@require_POST
def selection_run(request: HttpRequest, edition: Edition) -> HttpResponse:
    call = _call_or_404(edition)
    form = SelectionRunForm(request.POST)
    if form.is_valid():
        try:
            run = selection.selection_run_start(
                call=call, seed=form.cleaned_data["seed"], actor=acting_user(request)
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The run is started."))
            return redirect(edition_url("applications:selection-detail", edition, pk=run.pk))
    return _selection_page(request, edition, call, run_form=form)


# How often the page of a queued or running run reloads itself.
POLL_SECONDS = 3


def _selection_detail(
    request: HttpRequest, edition: Edition, pk: int, invite_form: InviteForm | None = None
) -> HttpResponse:
    """A run: how it was drawn, the panel, every applicant's probability and the files to replay it."""
    run = get_object_or_404(SelectionRun, call__edition=edition, pk=pk)
    names = {
        str(a.pk): a.applicant.public_name
        for a in Application.objects.filter(call=run.call).select_related("applicant")
    }
    download = request.GET.get("file")
    if download in ("quotas", "people"):
        return _run_file(run, download)
    if run.status != SelectionRun.Status.DONE:
        with timezone.override(edition.time_zone):
            return render(
                request,
                "applications/selection_progress.html",
                {"edition": edition, "run": run, "poll_seconds": POLL_SECONDS},
            )
    panel = set(run.panel)
    statuses = {
        str(invitation.application_id): invitation.get_status_display()
        for invitation in run.invitations.all()
    }
    with timezone.override(edition.time_zone):
        return render(
            request,
            "applications/selection_detail.html",
            {
                "edition": edition,
                "run": run,
                "statuses": statuses,
                "chart": selection.probability_chart(run),
                "invite_form": invite_form or InviteForm(),
                "can_invite": not Invitation.objects.filter(run__call=run.call).exists(),
                "rows": sorted(
                    (
                        (
                            person,
                            names.get(person, person),
                            probability,
                            person in panel,
                            statuses.get(person, ""),
                        )
                        for person, probability in run.probabilities.items()
                    ),
                    key=lambda row: (not row[3], -row[2], int(row[0])),
                ),
            },
        )


@edition_permission_required("applications.manage_call")
def selection_detail(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    return _selection_detail(request, edition, pk)


@edition_permission_required("applications.change_call")
@require_POST
def invitations_send(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    run = get_object_or_404(SelectionRun, call__edition=edition, pk=pk)
    with timezone.override(edition.time_zone):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                sent = invitations.invitations_send(
                    run=run, respond_by=form.cleaned_data["respond_by"], actor=acting_user(request)
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s invitation is sent.",
                        "%(count)s invitations are sent.",
                        len(sent),
                    )
                    % {"count": len(sent)},
                )
                return redirect(edition_url("applications:selection-detail", edition, pk=run.pk))
    return _selection_detail(request, edition, pk, invite_form=form)


@edition_permission_required("applications.change_call")
@require_POST
def selection_publish(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    run = get_object_or_404(SelectionRun, call__edition=edition, pk=pk)
    try:
        selection.selection_run_publish(run=run, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("The run is published."))
    return redirect(edition_url("applications:selection-detail", edition, pk=run.pk))


@edition_permission_required("applications.change_call")
@require_POST
def invitations_expire(request: HttpRequest, edition: Edition) -> HttpResponse:
    try:
        replacements = invitations.invitations_expire(edition=edition, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s replacement is invited.",
                "%(count)s replacements are invited.",
                len(replacements),
            )
            % {"count": len(replacements)},
        )
    return redirect(edition_url("applications:selection-manage", edition))


def _dashboard_context(request: HttpRequest, edition: Edition) -> dict[str, Any]:  # Any: context
    call = selectors.call_of(edition)
    return {"call": call, "summary": selectors.call_summary(call) if call is not None else None}


DASHBOARD_SECTION = DashboardSection(
    key="call",
    title=gettext_lazy("Open call"),
    template="applications/partials/manage_call.html",
    order=55,
    permission="applications.manage_call",
    context=_dashboard_context,
)
