from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from impactdays.common.admin import AuditedAdmin, ReadOnlyAdmin
from impactdays.people.models import ApiToken, ConsentRecord, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(AuditedAdmin[User], DjangoUserAdmin[User]):
    """Django's user admin with the e-mail address as the login: there is no username."""

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    # A person changes their own avatar on the profile page, where its metadata is stripped.
    readonly_fields = ["avatar"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "first_name",
                    "last_name",
                    "country",
                    "organisation",
                    "sector",
                    "languages",
                    "bio",
                    "avatar",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "display_name", "country", "sector", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "sector")
    search_fields = ("email", "display_name", "first_name", "last_name", "organisation")
    ordering = ("email",)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin[ConsentRecord]):
    list_display = ("user", "kind", "is_given", "recorded_at")
    list_filter = ("kind", "is_given")
    search_fields = ("user__email", "user__display_name")
    list_select_related = ("user",)
    date_hierarchy = "recorded_at"


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin[ApiToken]):
    # The key digest stays out of the admin: it is of no use to a person and it is secret.
    fields = ("user", "name", "prefix", "created_at", "last_used_at")
    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    search_fields = ("name", "user__email", "prefix")
    list_select_related = ("user",)
