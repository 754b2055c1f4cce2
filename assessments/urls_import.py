"""URLs: import."""

urlpatterns: list = []
