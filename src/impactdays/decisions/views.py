"""Pages of decisions: the public accountability page and a decision's page (voting, committing,
reporting on a commitment), and the pages where organisers and facilitators draft decisions,
cite evidence, open polls, record outcomes and commitments.

Every object is looked up through the edition in the URL; an action checks its own permission
on the object it changes before it calls a service.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from impactdays.common.permissions import public_view
from impactdays.common.translated import translations_of
from impactdays.decisions import commitments, selectors, services
from impactdays.decisions.evidence import evidence_shown
from impactdays.decisions.forms import (
    CommitmentForm,
    CommitmentRecordForm,
    CommitmentStatusForm,
    CommitmentUpdateForm,
    ConsentVoteForm,
    DecisionForm,
    DecisionReviseForm,
    EvidenceForm,
    PollForm,
    RoomVoteForm,
    ScoreVoteForm,
)
from impactdays.decisions.models import Commitment, Decision, Evidence
from impactdays.decisions.selectors import decisions_of
from impactdays.forums.dashboard import DashboardSection, dashboard_page_context
from impactdays.forums.forms import form_add_service_errors, messages_add_service_errors
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, ForumSeries
from impactdays.forums.permissions import acting_user, edition_permission_required
from impactdays.forums.selectors import series_with_visible_editions


def _decision_or_404(request: HttpRequest, edition: Edition, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("edition__series"), edition=edition, pk=pk
    )
    if not request.user.has_perm("decisions.view_decision", decision):
        raise Http404
    return decision


def _commitment_or_404(request: HttpRequest, edition: Edition, pk: int) -> Commitment:
    commitment = get_object_or_404(
        Commitment.objects.select_related("decision__edition__series"),
        decision__edition=edition,
        pk=pk,
    )
    if not request.user.has_perm("decisions.view_decision", commitment.decision):
        raise Http404
    if not request.user.has_perm("decisions.change_commitment", commitment):
        raise PermissionDenied
    return commitment


# The vote in the room shares its quorum and threshold fields with the poll's form on one page.
ROOM_IDS = "id_room_%s"


def _ids(commitment: Commitment, form: str) -> str:
    """Element ids of one commitment's form, unique on a page that lists several."""
    return f"id_commitment{commitment.pk}_{form}_%s"


def _refusals(forms: dict[str, Any]) -> list[str]:  # Any: bound forms
    """The refusals of the forms that failed, shown at the top of the page: a form may be hidden
    in the state the decision is in now (a poll that closed meanwhile)."""
    return [str(message) for form in forms.values() for message in form.non_field_errors()]


def _to_decision(decision: Decision) -> HttpResponse:
    return redirect(edition_url("decisions:decision-detail", decision.edition, pk=decision.pk))


# Public pages.


@edition_permission_required("decisions.view_decisions")
def decision_list(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The edition's accountability page: each decision, its outcome and its commitments."""
    decisions = list(decisions_of(edition, request.user))
    total = sum(d.commitment_count for d in decisions)  # type: ignore[attr-defined]  # annotated
    done = sum(d.done_count for d in decisions)  # type: ignore[attr-defined]  # annotated
    return render(
        request,
        "decisions/decision_list.html",
        {
            "edition": edition,
            "decisions": decisions,
            "commitment_count": total,
            "done_count": done,
            "done_percent": round(100 * done / total) if total else None,
            "can_manage": request.user.has_perm("decisions.manage_decisions", edition),
        },
    )


def _detail_page(
    request: HttpRequest, edition: Edition, decision: Decision, **forms: Any
) -> HttpResponse:  # Any: bound forms that failed
    decision = selectors.decision_with_details(decision)
    user = request.user
    now = timezone.now()
    is_poll_open = (
        decision.status == Decision.Status.POLLING
        and decision.poll_closes_at is not None
        and (decision.poll_opens_at is None or decision.poll_opens_at <= now)
        and now < decision.poll_closes_at
    )
    can_vote = is_poll_open and user.has_perm("decisions.vote", edition)
    vote_form_class = (
        ConsentVoteForm if decision.poll_kind == Decision.PollKind.CONSENT else ScoreVoteForm
    )
    commitment_items = [
        {
            "commitment": commitment,
            "can_change": user.has_perm("decisions.change_commitment", commitment),
            "status_form": forms.get(f"status_form_{commitment.pk}")
            or CommitmentStatusForm(commitment=commitment, auto_id=_ids(commitment, "status")),
            "update_form": forms.get(f"update_form_{commitment.pk}")
            or CommitmentUpdateForm(auto_id=_ids(commitment, "update")),
        }
        for commitment in decision.commitments.all()
    ]
    can_commit = decision.status in (
        Decision.Status.POLLING,
        Decision.Status.ADOPTED,
    ) and user.has_perm("decisions.commit", edition)
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "edition": edition,
            "decision": decision,
            "is_poll_open": is_poll_open,
            "can_vote": can_vote,
            "my_vote": selectors.vote_of(decision, user),
            "vote_form": forms.get("vote_form") or vote_form_class(),
            "commitments": commitment_items,
            "can_commit": can_commit,
            "commit_form": forms.get("commit_form") or CommitmentForm(edition=edition),
            "can_manage": user.has_perm("decisions.manage_decisions", edition),
            "evidence": evidence_shown(list(decision.evidence.all()), edition, with_hidden=False),
            "refusals": _refusals(forms),
        },
    )


@edition_permission_required("decisions.view_decisions")
def decision_detail(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    return _detail_page(request, edition, _decision_or_404(request, edition, pk))


@edition_permission_required("decisions.vote")
@require_POST
def vote_cast(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, edition, pk)
    consent = decision.poll_kind == Decision.PollKind.CONSENT
    form = ConsentVoteForm(request.POST) if consent else ScoreVoteForm(request.POST)
    if form.is_valid():
        try:
            services.vote_cast(
                decision=decision,
                voter=acting_user(request),
                choice=form.cleaned_data.get("choice"),
                score=form.cleaned_data.get("score"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your vote is counted. You may change it until the poll closes.")
            )
            return _to_decision(decision)
    return _detail_page(request, edition, decision, vote_form=form)


@edition_permission_required("decisions.commit")
@require_POST
def commitment_create(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """Commit to a decision in one's own name (or one's organisation's)."""
    decision = _decision_or_404(request, edition, pk)
    form = CommitmentForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            commitments.commitment_create(
                decision=decision,
                committer=acting_user(request),
                actor=acting_user(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Your commitment is recorded. Thank you!"))
            return _to_decision(decision)
    return _detail_page(request, edition, decision, commit_form=form)


@edition_permission_required("decisions.view_decisions")
@require_POST
def commitment_status_move(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    commitment = _commitment_or_404(request, edition, pk)
    form = CommitmentStatusForm(
        request.POST, commitment=commitment, auto_id=_ids(commitment, "status")
    )
    if form.is_valid():
        try:
            commitments.commitment_status_move(
                commitment=commitment, actor=acting_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The commitment's status is changed."))
            return _to_decision(commitment.decision)
    forms = {f"status_form_{commitment.pk}": form}
    return _detail_page(request, edition, commitment.decision, **forms)


@edition_permission_required("decisions.view_decisions")
@require_POST
def commitment_update_create(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """Post a dated follow-up update: the committer, or an organiser for them."""
    commitment = _commitment_or_404(request, edition, pk)
    form = CommitmentUpdateForm(request.POST, request.FILES, auto_id=_ids(commitment, "update"))
    if form.is_valid():
        author = acting_user(request)
        try:
            commitments.commitment_update_post(
                commitment=commitment,
                author=author,
                may_post_for_others=author.has_perm("decisions.record_commitment", edition),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The update is posted."))
            return _to_decision(commitment.decision)
    forms = {f"update_form_{commitment.pk}": form}
    return _detail_page(request, edition, commitment.decision, **forms)


@public_view
def series_decisions(request: HttpRequest, series_slug: str) -> HttpResponse:
    """The series' memory: each edition's decisions and the share of commitments done."""
    series: ForumSeries = get_object_or_404(
        series_with_visible_editions(request.user), slug=series_slug
    )
    return render(
        request,
        "decisions/series_decisions.html",
        {"series": series, "memory": selectors.series_memory(series, request.user)},
    )


# Organisers' and facilitators' pages.


@edition_permission_required("decisions.manage_decisions")
def decision_manage(request: HttpRequest, edition: Edition) -> HttpResponse:
    """Every decision of the edition, drafts included, and a form to draft a new one."""
    return _manage_page(request, edition, DecisionForm())


def _manage_page(request: HttpRequest, edition: Edition, form: DecisionForm) -> HttpResponse:
    decisions = Decision.objects.filter(edition=edition).annotate(
        vote_count=Count("votes", filter=Q(votes__version=F("version")), distinct=True),
        commitment_count=Count("commitments", distinct=True),
    )
    return render(
        request,
        "decisions/decision_manage.html",
        {
            **dashboard_page_context(request, edition, DASHBOARD_SECTION),
            "decisions": decisions,
            "form": form,
            "can_change": request.user.has_perm("decisions.change_decisions", edition),
        },
    )


@edition_permission_required("decisions.change_decisions")
@require_POST
def decision_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.decision_create(
                edition=edition, actor=acting_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is drafted. Cite its evidence next."))
            return redirect(edition_url("decisions:decision-edit", edition, pk=decision.pk))
    return _manage_page(request, edition, form)


def _written(
    form: Any, write: Callable[..., object], **arguments: object
) -> bool:  # Any: a bound form
    """Call write with the valid form's fields and arguments; a refusal lands on the form."""
    if not form.is_valid():
        return False
    try:
        write(**arguments, **form.cleaned_data)
    except ValidationError as error:
        form_add_service_errors(form, error)
        return False
    return True


def _edit_page(
    request: HttpRequest, edition: Edition, decision: Decision, **forms: Any
) -> HttpResponse:  # Any: bound forms that failed
    decision = selectors.decision_with_details(decision)
    with timezone.override(edition.time_zone):
        poll_form = forms.get("poll_form") or PollForm(
            initial={
                "poll_kind": decision.poll_kind,
                "quorum_percent": decision.quorum_percent,
                "threshold_percent": decision.threshold_percent,
            }
        )
        return render(
            request,
            "decisions/decision_edit.html",
            {
                "edition": edition,
                "decision": decision,
                "tally": services.decision_tally(decision)
                if decision.status == Decision.Status.POLLING
                else None,
                "form": forms.get("form")
                or DecisionForm(initial=_translated_initial(decision, ("title", "text"))),
                "evidence": evidence_shown(
                    list(decision.evidence.all()), edition, with_hidden=True
                ),
                "evidence_form": forms.get("evidence_form") or EvidenceForm(edition=edition),
                "poll_form": poll_form,
                "room_form": forms.get("room_form")
                or RoomVoteForm(
                    auto_id=ROOM_IDS,
                    initial={
                        "quorum_percent": decision.quorum_percent,
                        "threshold_percent": decision.threshold_percent,
                    },
                ),
                "revise_form": forms.get("revise_form")
                or DecisionReviseForm(initial=_translated_initial(decision, ("title", "text"))),
                "record_form": forms.get("record_form") or CommitmentRecordForm(edition=edition),
                "can_change": request.user.has_perm("decisions.change_decisions", edition),
                "can_record": request.user.has_perm("decisions.record_commitment", edition),
                "refusals": _refusals(forms),
                "poll_has_closed": decision.poll_closes_at is not None
                and decision.poll_closes_at <= timezone.now(),
            },
        )


def _translated_initial(decision: Decision, fields: tuple[str, ...]) -> dict[str, Any]:
    return {
        f"{field}_{code}": text
        for field in fields
        for code, text in translations_of(decision, field).items()
        if text
    }


@edition_permission_required("decisions.manage_decisions")
def decision_edit(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """One decision for those who draft: its text, evidence, poll, outcome and commitments."""
    return _edit_page(request, edition, _decision_or_404(request, edition, pk))


@edition_permission_required("decisions.change_decisions")
@require_POST
def decision_update(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, edition, pk)
    form = DecisionForm(request.POST)
    if _written(form, services.decision_update, decision=decision, actor=acting_user(request)):
        messages.success(request, _("The draft is saved."))
        return redirect(edition_url("decisions:decision-edit", edition, pk=decision.pk))
    return _edit_page(request, edition, decision, form=form)


@edition_permission_required("decisions.change_decisions")
@require_POST
def evidence_add(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, edition, pk)
    form = EvidenceForm(request.POST, edition=edition)
    if _written(form, services.evidence_add, decision=decision, actor=acting_user(request)):
        messages.success(request, _("The evidence is cited."))
        return redirect(edition_url("decisions:decision-edit", edition, pk=decision.pk))
    return _edit_page(request, edition, decision, evidence_form=form)


@edition_permission_required("decisions.change_decisions")
@require_POST
def evidence_remove(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("decision__edition"), decision__edition=edition, pk=pk
    )
    try:
        services.evidence_remove(evidence=evidence, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("The evidence is removed."))
    return redirect(edition_url("decisions:decision-edit", edition, pk=evidence.decision_id))


@edition_permission_required("decisions.change_decisions")
@require_POST
def poll_open(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, edition, pk)
    with timezone.override(edition.time_zone):
        form = PollForm(request.POST)
        if form.is_valid():
            try:
                services.decision_poll_open(
                    decision=decision, actor=acting_user(request), **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The poll is set; participants vote while it is open."))
                return redirect(edition_url("decisions:decision-edit", edition, pk=decision.pk))
    return _edit_page(request, edition, decision, poll_form=form)


@edition_permission_required("decisions.change_decisions")
@require_POST
def outcome_record(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, edition, pk)
    try:
        version = services.decision_outcome_record(decision=decision, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(
            request,
            _("The decision is adopted.") if version.is_adopted else _("The decision is rejected."),
        )
    return redirect(edition_url("decisions:decision-edit", edition, pk=decision.pk))


@edition_permission_required("decisions.change_decisions")
@require_POST
def outcome_record_in_room(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """Record a consent vote taken in the room instead of an online poll."""
    decision = _decision_or_404(request, edition, pk)
    with timezone.override(edition.time_zone):
        form = RoomVoteForm(request.POST, auto_id=ROOM_IDS)
        if form.is_valid():
            try:
                version = services.decision_outcome_record_in_room(
                    decision=decision, actor=acting_user(request), **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The decision is adopted.")
                    if version.is_adopted
                    else _("The decision is rejected."),
                )
                return redirect(edition_url("decisions:decision-edit", edition, pk=decision.pk))
    return _edit_page(request, edition, decision, room_form=form)


@edition_permission_required("decisions.change_decisions")
@require_POST
def decision_revise(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, edition, pk)
    form = DecisionReviseForm(request.POST)
    if _written(form, services.decision_revise, decision=decision, actor=acting_user(request)):
        messages.success(request, _("A new version is drafted; put it to the vote again."))
        return redirect(edition_url("decisions:decision-edit", edition, pk=decision.pk))
    return _edit_page(request, edition, decision, revise_form=form)


@edition_permission_required("decisions.record_commitment")
@require_POST
def commitment_record(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """An organiser records a commitment for someone of the edition."""
    decision = _decision_or_404(request, edition, pk)
    form = CommitmentRecordForm(request.POST, edition=edition)
    if _written(form, commitments.commitment_create, decision=decision, actor=acting_user(request)):
        messages.success(request, _("The commitment is recorded."))
        return redirect(edition_url("decisions:decision-edit", edition, pk=decision.pk))
    return _edit_page(request, edition, decision, record_form=form)


def _dashboard_summary(request: HttpRequest, edition: Edition) -> str:
    counts = Decision.objects.filter(edition=edition).aggregate(
        total=Count("pk"), adopted=Count("pk", filter=Q(status=Decision.Status.ADOPTED))
    )
    return (
        ngettext(
            "%(total)s decision, %(adopted)s adopted.",
            "%(total)s decisions, %(adopted)s adopted.",
            counts["total"],
        )
        % counts
    )


DASHBOARD_SECTION = DashboardSection(
    key="decisions",
    title=gettext_lazy("Decisions"),
    url_name="decisions:decision-manage",
    order=80,
    permission="decisions.manage_decisions",
    summary=_dashboard_summary,
)
