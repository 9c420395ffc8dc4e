from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from impactdays.people.models import User


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk, is_active=True)
    return render(request, "people/profile_detail.html", {"person": person})


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    return render(request, "people/profile_edit.html", {})
