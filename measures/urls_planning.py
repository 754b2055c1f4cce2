"""URLs: planning."""

urlpatterns: list = []
