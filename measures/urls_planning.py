"""URLs: planning (next year's plan, suggested measures)."""

from django.urls import path

from measures.views import planning

urlpatterns = [
    path("plans/<int:plan_id>/clone/", planning.plan_clone, name="plan_clone"),
    path("plans/<int:plan_id>/suggestions/", planning.plan_suggestions, name="plan_suggestions"),
]
