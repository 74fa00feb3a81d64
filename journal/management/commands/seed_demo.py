"""python manage.py seed_demo [--students N] [--seed S] [--manifest PATH] [--flush]"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from journal.demo import seed_demo
from journal.models import School


class Command(BaseCommand):
    help = "Builds a realistic demo school (and a second small one) and prints the demo sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=350, help="students in the main school (default 350)")
        parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")
        parser.add_argument("--manifest", type=Path, help="write the demo accounts as JSON to this file")
        parser.add_argument("--flush", action="store_true", help="delete ALL data in the database first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the database already has a school")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["students"] < 20:
            raise CommandError("--students must be at least 20.")
        if options["if_empty"] and School.objects.exists():
            self.stdout.write("The database already has a school; nothing seeded.")
            manifest = options["manifest"]
            if manifest and manifest.exists():
                # `make run` again: remind the sign-ins of the demo seeded earlier.
                saved = json.loads(manifest.read_text())
                self.print_sign_ins(
                    saved["password"], [(a["role"], a["username"], a["school"]) for a in saved["accounts"]]
                )
            return
        if options["flush"]:
            call_command("flush", interactive=False, verbosity=0)
        elif School.objects.exists():
            raise CommandError("The database already has schools. Use --flush to replace everything with the demo.")
        started = time.monotonic()
        result = seed_demo(
            students=options["students"],
            seed=options["seed"],
            progress=lambda message: self.stdout.write(f"  {message}"),
        )
        self.stdout.write(self.style.SUCCESS(f"Demo school ready in {time.monotonic() - started:.1f} s."))
        if options["manifest"]:
            options["manifest"].parent.mkdir(parents=True, exist_ok=True)
            options["manifest"].write_text(json.dumps(result.manifest(), ensure_ascii=False, indent=2))
            self.stdout.write(f"Manifest written to {options['manifest']}.")
        self.print_sign_ins(result.password, [(a.role, a.username, a.school) for a in result.accounts])

    def print_sign_ins(self, password: str, accounts: list[tuple[str, str, str]]) -> None:
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (password for all: " + self.style.WARNING(password) + "):")
        for role, username, school in accounts:
            self.stdout.write(f"  {role:<20} {username:<22} {school}")
