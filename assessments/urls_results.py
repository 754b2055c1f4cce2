"""URLs: results."""

urlpatterns: list = []
