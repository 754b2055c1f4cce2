"""The ITAS answer sheet, the checklist and the public OIT page."""

urlpatterns: list = []
