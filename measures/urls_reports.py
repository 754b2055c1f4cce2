"""URLs: reports."""

urlpatterns: list = []
