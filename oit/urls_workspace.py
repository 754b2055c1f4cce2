"""The OIT workspace pages (members of the agency)."""

urlpatterns: list = []
