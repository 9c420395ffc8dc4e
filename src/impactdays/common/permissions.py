"""The one way a page declares who may open it: a decorator for function views, a mixin for classes.

Both wrap django-rules' own (`rules.contrib.views`) and add what every app needs:

- The object the permission is about is looked up from the URL by a `lookup` function, which
  takes the URL keywords it uses out of the dict it is given and returns the object (or raises
  Http404). The view receives the object as its second argument (the mixin sets it as
  `self.permission_object`).
- A visitor who may not even see the object (`visible`, e.g. an edition's draft) gets 404, as for
  an object that does not exist, so that its existence does not leak.
- Anonymous visitors without the permission go to the login page; signed-in people get 403.

`User.has_perm` asks the rules for every permission the rules define (people.models), so a
superuser passes only where the rules say site admins may act. Views without any permission
are marked with `public_view`, so that the URL audit test can tell "public" from "forgotten".
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin
from rules.contrib.views import permission_required as rules_permission_required

# A lookup takes the request and the URL keywords, removes those it used, returns the object.
Lookup = Callable[[HttpRequest, dict[str, Any]], Model]  # Any: URL keyword values
# The URL resolver calls a view with the URL keywords; ours take the looked-up object too.
View = Callable[..., HttpResponseBase]


def permission_required(
    permission: str, *, lookup: Lookup | None = None, visible: str | None = None
) -> Callable[[View], View]:
    """Check `permission` (a rule name) before the view runs.

    Without `lookup` the permission is asked without an object (a page of one's own account).
    With it, the looked-up object is checked and passed to the view after the request; when
    the visitor lacks `visible` on it, the answer is 404.
    """

    def decorator(view: View) -> View:
        # rules' decorator redirects to the login page, or raises 403 with raise_exception.
        fn = _second_argument if lookup is not None else None
        to_login = rules_permission_required(permission, fn=fn)(view)
        forbidden = rules_permission_required(permission, fn=fn, raise_exception=True)(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            guarded = forbidden if request.user.is_authenticated else to_login
            if lookup is None:
                return guarded(request, *args, **kwargs)  # type: ignore[no-any-return]
            obj = lookup(request, kwargs)
            if visible is not None and not request.user.has_perm(visible, obj):
                raise Http404
            return guarded(request, obj, *args, **kwargs)  # type: ignore[no-any-return]

        wrapper.permission_required = permission  # type: ignore[attr-defined]  # read by the URL audit test
        return wrapper

    return decorator


def _second_argument(request: HttpRequest, obj: Model, *args: Any, **kwargs: Any) -> Model:
    return obj


def public_view(view: View) -> View:
    """Mark a view that anyone may open; its selectors still show each visitor only what they may see."""
    view.permission_required = None  # type: ignore[attr-defined]  # read by the URL audit test
    view.is_public_view = True  # type: ignore[attr-defined]
    return view


class PermissionRequiredMixin(RulesPermissionRequiredMixin):  # type: ignore[misc]  # rules is untyped
    """Class-based views: `permission_required`, `lookup` and `visible` as for the decorator.

    The looked-up object is `self.permission_object` during the request; `get_permission_object`
    returns it, so the rules are asked about it.
    """

    lookup: Lookup | None = None
    visible: str | None = None
    permission_object: Model | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.lookup is not None:
            # Through the class: a plain function stored on it would otherwise be bound to self.
            self.permission_object = type(self).lookup(request, kwargs)  # type: ignore[misc]
            if self.visible is not None and not request.user.has_perm(
                self.visible, self.permission_object
            ):
                raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]

    def get_permission_object(self) -> Model | None:
        return self.permission_object

    def handle_no_permission(self) -> HttpResponse:
        if self.request.user.is_authenticated:
            raise PermissionDenied
        return super().handle_no_permission()  # type: ignore[no-any-return]
