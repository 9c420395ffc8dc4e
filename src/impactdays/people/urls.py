from django.urls import path

from impactdays.people import views

app_name = "people"
urlpatterns = [
    path("me/", views.profile_edit, name="profile-edit"),
    path("<int:pk>/", views.profile_detail, name="profile-detail"),
]
