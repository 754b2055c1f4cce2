from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("agencies/<int:agency_id>/documents/", views.document_list, name="documents"),
    path("agencies/<int:agency_id>/documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_status, name="document"),
    path("documents/<int:pk>/retry/", views.document_retry, name="document_retry"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
