"""URLs of the members app: the agency's members page (its coordinator) and the invitation link (public)."""

from django.urls import path

from members import views

app_name = "members"

MEMBER = "agencies/<int:agency_id>/members/<int:membership_id>/"

urlpatterns = [
    path("agencies/<int:agency_id>/members/", views.member_list, name="list"),
    path("agencies/<int:agency_id>/members/invite/", views.member_invite, name="invite"),
    path(MEMBER, views.member_edit, name="edit"),
    path(MEMBER + "deactivate/", views.member_deactivate, name="deactivate"),
    path(MEMBER + "reactivate/", views.member_reactivate, name="reactivate"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation"),
]
