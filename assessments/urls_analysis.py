"""URLs: analysis."""

urlpatterns: list = []
