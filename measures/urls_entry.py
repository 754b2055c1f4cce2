"""URLs: entry."""

urlpatterns: list = []
