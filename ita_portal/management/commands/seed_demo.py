"""manage.py seed_demo — the five source agencies with their people, results, plans and progress."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ita_portal.demo.loader import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the demo agencies of the seed documents. Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-memo",
            action="store_true",
            help="also render อบต.ทุ่งโพธิ์'s 12-month report and send it up the memo chain (waits for thungpho.head)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_load()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Demo data loaded: 5 agencies from the seed documents.")
        if options["with_memo"]:
            from ita_portal.demo.memo import demo_memo

            memo = demo_memo()
            if memo is not None:
                self.stdout.write(f"Demo memo {memo.number_text} waits for thungpho.head in รอพิจารณา.")
        for line in result.unlinked_codes:
            self.stdout.write(f"  not linked to the catalogue: {line}")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}) — for demonstration only:")
        width = max(len(login.username) for login in result.logins)
        for login in result.logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.where} · {login.role} · {login.name}")
