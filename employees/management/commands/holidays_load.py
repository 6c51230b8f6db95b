"""Load a year's State Council holiday arrangement from a JSON file in holiday-cn's layout
(https://github.com/NateScarlet/holiday-cn): {"year": 2027, "papers": [link, ...],
"days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, ...]}.

    manage.py holidays_load 2027.json --notice-number "国办发明电〔2026〕N号"
        --notice-date 2026-11-20

Every bad entry is reported and nothing is saved; loading the same file twice changes nothing.
The deadlines the year moves are recomputed by the worker (--inline: here, at once)."""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from employees.services.holidays import (
    ArrangementRefused,
    deadlines_recompute_year,
    holiday_year_save,
)

MAX_FILE_BYTES = 1_000_000


class Command(BaseCommand):
    help = "Load a year's holiday arrangement (holiday-cn JSON), citing its notice."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the year's JSON file in holiday-cn's layout")
        parser.add_argument(
            "--notice-number", required=True, help="the notice's number, e.g. 国办发明电〔2025〕7号"
        )
        parser.add_argument("--notice-date", help="the notice's date, YYYY-MM-DD")
        parser.add_argument("--url", help="the notice's link (default: the file's first paper)")
        parser.add_argument(
            "--inline", action="store_true", help="recompute the deadlines here, not in the worker"
        )

    def handle(self, *args, file, notice_number, notice_date=None, url=None, inline=False, **o):
        data = self._read(Path(file))
        try:
            day = datetime.date.fromisoformat(notice_date) if notice_date else None
        except ValueError as exc:
            raise CommandError(f"--notice-date: give a date as YYYY-MM-DD ({exc})") from exc
        papers = data.get("papers")
        if url is None and isinstance(papers, list) and papers and isinstance(papers[0], str):
            url = papers[0]
        days = data.get("days")
        if not isinstance(days, list):
            raise CommandError(f'{file}: "days" must be a list of {{name, date, isOffDay}}')
        try:
            saved = self._save(data.get("year"), days, notice_number, day, url or "", inline)
        except ArrangementRefused as refused:
            lines = [str(refused)]
            for key, messages in refused.fields.items():
                lines += [f"  {key}: {message}" for message in messages]
            raise CommandError("\n".join(lines)) from None
        if not saved.changed:
            self.stdout.write(
                f"{saved.year}: the same arrangement is there already; nothing changed"
            )
        else:
            self.stdout.write(f"{saved.year}: arrangement saved ({len(days)} days)")

    def _read(self, path: Path) -> dict:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        if len(raw) > MAX_FILE_BYTES:
            raise CommandError(f"{path}: larger than a year's arrangement can be")
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path}: not JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise CommandError(f'{path}: expected an object with "year" and "days"')
        return data

    def _save(self, year, days, notice_number, notice_date, url, inline):
        saved = holiday_year_save(
            actor=None,
            year=year,
            days=days,
            notice_number=notice_number,
            notice_date=notice_date,
            notice_url=url,
        )
        if inline and saved.changed:  # the worker's task finds them done
            moved = deadlines_recompute_year(saved.year)
            self.stdout.write(f"{saved.year}: {moved} deadlines moved")
        return saved
