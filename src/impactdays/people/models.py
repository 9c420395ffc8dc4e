"""Users with their profile, consent records and API tokens."""

from typing import Any, ClassVar

import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from impactdays.common.validators import validate_language_codes


class Sector(models.TextChoices):
    BUSINESS = "business", _("Business")
    URBANISM = "urbanism", _("Urbanism")
    VOLUNTEERING = "volunteering", _("Volunteer programmes")
    EDUCATION = "education", _("Education")
    FINANCE = "finance", _("Finance")
    INVESTMENT = "investment", _("Investment")
    PUBLIC_SECTOR = "public_sector", _("Public sector")
    CULTURE = "culture", _("Culture")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


def avatar_path(instance: "User", filename: str) -> str:
    # people.storage.AvatarStorage.url reads the user id back from this path.
    return f"avatars/{instance.pk}/{filename}"


def avatar_storage() -> Storage:
    # A callable, so that the STORAGES setting (a private location) chooses the storage.
    return storages["avatars"]


class User(AbstractUser):
    """A person with an account; the e-mail address is the login."""

    username = None  # type: ignore[assignment]  # the e-mail address is the login
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Languages you speak."),
    )
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    avatar = models.ImageField(
        _("avatar"), upload_to=avatar_path, storage=avatar_storage, blank=True
    )

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # e-mail based manager

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.public_name

    def get_absolute_url(self) -> str:
        return reverse("people:profile-detail", kwargs={"pk": self.pk})

    def has_perm(self, perm: str, obj: Any = None) -> bool:  # Any: Django's signature
        """Ask the rules for every permission they define, so superusers do not skip them.

        Django lets an active superuser pass every has_perm() check; the rules say what site
        admins may do (never change a frozen edition). Other permissions (the admin's
        model permissions) keep Django's behaviour.
        """
        if rules.perm_exists(perm):
            return self.is_active and bool(rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.email.split("@")[0]


class ConsentKind(models.TextChoices):
    TERMS = "terms", _("Terms of use")
    DIRECTORY_LISTING = "directory_listing", _("Listing in the participant directory")
    PHOTO_PUBLICATION = "photo_publication", _("Publication of photos of me")


class ConsentRecord(models.Model):
    """One given or withdrawn consent; the newest record per kind is in force."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consent_records")
    kind = models.CharField(_("kind"), max_length=30, choices=ConsentKind.choices)
    is_given = models.BooleanField(_("given"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {'yes' if self.is_given else 'no'}"


class ApiToken(models.Model):
    """A bearer token for the API; only the SHA-256 digest of the key is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
