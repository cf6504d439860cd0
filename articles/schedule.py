"""Digest schedules and quiet hours: parse what a user writes ("08:00 Europe/Berlin weekdays",
"22:00-07:00"), and compute in the user's IANA time zone, DST included, when the next digest
is due, which digest a restart missed, and until when quiet hours last.

All instants returned are aware UTC datetimes. Wall-clock rules at DST changes: a local time
that does not exist that day (the spring-forward gap) runs at the first instant after the gap,
i.e. when the clocks jump (02:30 in Berlin on 2026-03-29 runs at 03:00 CEST); a local time that
occurs twice (the autumn fold) runs once, at its first occurrence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from articles.errors import ArticlebotError


class ScheduleError(ArticlebotError):
    """A digest time, time zone or quiet-hours range that cannot be used as written."""


MAX_INPUT = 200
ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKENDS = frozenset({5, 6})
DIGEST_EXAMPLE = "for example /digest_at 08:00 Europe/Berlin weekdays"
QUIET_EXAMPLE = "for example /quiet 22:00-07:00, or /quiet off"
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NAMES = tuple(day[:3].title() for day in _FULL_DAYS)
_DAY_WORDS = {word: frozenset({i}) for i, day in enumerate(_FULL_DAYS) for word in (day, day[:3])}
_DAY_WORDS |= {"tues": frozenset({1}), "thur": frozenset({3}), "thurs": frozenset({3})}
_DAY_WORDS |= {"daily": ALL_DAYS, "everyday": ALL_DAYS, "weekdays": WEEKDAYS, "weekends": WEEKENDS}
# ASCII digits only: \d would also take Arabic-Indic and other digits int() accepts.
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
# Phones turn "-" into en or em dashes as the user types.
_RANGE = re.compile(r"(\S+?)\s*[-–—]\s*(\S+)")
# "localtime" is the machine's zone (a digest at the bot's time is what the zone is for
# avoiding) and "Factory" is tzdata's placeholder that shows "-00".
_NOT_USER_ZONES = ("localtime", "factory", "posixrules")


def _shown(value: str) -> str:
    # Messages quote the user's value and go out as Telegram HTML: keep them short and free of
    # the characters HTML would read as markup.
    value = value if len(value) <= 40 else value[:39] + "…"
    return "".join("?" if c in "<>&" else c for c in value)


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    # Built on first use, not at import: reading tzdata's name list touches the disk.
    zones = {n.lower(): n for n in available_timezones() if n.lower() not in _NOT_USER_ZONES}
    return zones | {"utc": "UTC"}  # UTC works even where no tzdata is installed (see _tz)


def parse_zone(text: str) -> str:
    """The canonical IANA name for `text` ("europe/berlin" -> "Europe/Berlin"), or ScheduleError."""
    zone = _zones().get(text.strip().lower())
    if zone is None:
        # "Berlin" alone is the likeliest slip: point at the full name.
        last = text.strip().lower().rsplit("/", 1)[-1]
        guesses = sorted(z for z in _zones().values() if last and z.lower().endswith("/" + last))
        hint = f" (did you mean {guesses[0]}?)" if len(guesses) == 1 else ""
        raise ScheduleError(
            f'"{_shown(text.strip())}" is not a time zone{hint}; use an IANA name such as '
            "Europe/Berlin, America/New_York or UTC"
        )
    return zone


def _tz(zone: str) -> tzinfo:
    # Through parse_zone, so that a stored or hand-built name is held to the parser's rules
    # ("localtime" would be the server's zone).
    zone = parse_zone(zone)
    if zone == "UTC":
        return UTC  # needs no tzdata
    try:
        return ZoneInfo(zone)
    except ZoneInfoNotFoundError:  # listed but unreadable: a broken tzdata install
        raise ScheduleError(f'The time zone "{zone}" cannot be loaded on this server') from None


def _parse_time(token: str, example: str) -> time:
    match = _TIME.fullmatch(token)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ScheduleError(f'"{_shown(token)}" is not a time of day; write HH:MM, {example}')
    return time(int(match[1]), int(match[2]))


def _check_length(text: str, form: str, example: str) -> None:
    if len(text) > MAX_INPUT:
        raise ScheduleError(
            f"That is {len(text)} characters long, more than {MAX_INPUT}; write {form}, {example}"
        )


def _aware_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class DigestSchedule:
    """A digest at a local wall-clock time in an IANA zone on some weekdays (0=Monday)."""

    at: time
    zone: str
    days: frozenset[int] = ALL_DAYS

    def __post_init__(self) -> None:
        # Programming errors, not user errors: the parser never builds these.
        if not self.days or not self.days <= ALL_DAYS:
            raise ValueError(f"days must be a non-empty subset of 0..6, got {set(self.days)}")
        if self.at.tzinfo is not None or self.at.second or self.at.microsecond:
            raise ValueError(f"at must be a naive time in whole minutes, got {self.at!r}")

    def describe(self) -> str:
        """Like "08:00 Europe/Berlin", with " weekdays", " weekends" or " Mon, Wed, Fri" when not
        every day; parse_schedule reads it back."""
        days = {ALL_DAYS: "", WEEKDAYS: " weekdays", WEEKENDS: " weekends"}.get(self.days)
        if days is None:
            days = " " + ", ".join(_DAY_NAMES[d] for d in sorted(self.days))
        return f"{self.at:%H:%M} {self.zone}{days}"


def parse_schedule(text: str) -> DigestSchedule:
    """Read "HH:MM Zone/Name [days]" (days: daily, weekdays, weekends or mon,wed,fri)."""
    _check_length(text, "HH:MM and a time zone", DIGEST_EXAMPLE)
    tokens = text.split()
    if not tokens:
        raise ScheduleError(
            f"The digest time is missing; write HH:MM and a time zone, {DIGEST_EXAMPLE}"
        )
    at = _parse_time(tokens[0], DIGEST_EXAMPLE)
    if len(tokens) < 2:
        # No silent UTC: a digest at the server's clock arrives at the wrong hour for most.
        raise ScheduleError(
            f'"{_shown(tokens[0])}" needs your time zone after it; write HH:MM and an IANA '
            f"zone name, {DIGEST_EXAMPLE}"
        )
    try:
        zone = parse_zone(tokens[1])
    except ScheduleError as exc:  # say the whole form too: the time may be what they meant
        raise ScheduleError(f"{exc.message}; write HH:MM and the zone, {DIGEST_EXAMPLE}") from None
    days: set[int] = set()
    for word in " ".join(tokens[2:]).replace(",", " ").split():
        found = _DAY_WORDS.get(word.lower())
        if found is None:
            raise ScheduleError(
                f'"{_shown(word)}" is not a day; write daily, weekdays, weekends or day names '
                f"such as mon,wed,fri, {DIGEST_EXAMPLE}"
            )
        days |= found
    return DigestSchedule(at, zone, frozenset(days) or ALL_DAYS)


def _wall_instants(day: date, at: time, tz: tzinfo, *, second_fold: bool) -> list[datetime]:
    """The UTC instants at which the wall clock of `tz` shows `at` on `day`: one, two in a fold
    (only the first unless `second_fold`), or in a gap the instant the clocks jump past it."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
        return [first, second] if second_fold and second != first else [first]
    # In a gap the two folds map `wall` to instants on either side of the jump; bisect to the
    # second the jump happens (tzdata transitions fall on whole seconds).
    low, high = sorted((first, wall.replace(tzinfo=tz, fold=1).astimezone(UTC)))
    while high - low > timedelta(seconds=1):
        middle = (low + (high - low) / 2).replace(microsecond=0)
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return [high]


def _runs(schedule: DigestSchedule, around: datetime, step: int) -> Iterator[datetime]:
    # The local date of `around` and the 7 after it (or before, step=-1): a week holds every
    # weekday. A date's run never falls on an earlier date (a gap only pushes it later).
    tz = _tz(schedule.zone)
    start = around.astimezone(tz).date()
    for offset in range(0, 8 * step, step):
        day = start + timedelta(days=offset)
        if day.weekday() in schedule.days:
            yield from _wall_instants(day, schedule.at, tz, second_fold=False)


def next_run(schedule: DigestSchedule, after: datetime) -> datetime:
    """The first scheduled instant strictly after `after` (aware), as an aware UTC datetime."""
    after = _aware_utc(after, "after")
    return next(run for run in _runs(schedule, after, 1) if run > after)


def due_runs_missed(
    schedule: DigestSchedule, last_run: datetime | None, now: datetime
) -> datetime | None:
    """The latest scheduled instant in (last_run, now], or None: after days of downtime the
    caller sends one catch-up digest, not one per missed day. None when last_run is None."""
    now = _aware_utc(now, "now")
    if last_run is None:
        return None
    last_run = _aware_utc(last_run, "last_run")
    latest = next(run for run in _runs(schedule, now, -1) if run <= now)
    return latest if latest > last_run else None


@dataclass(frozen=True)
class QuietHours:
    """Local wall-clock hours without alerts, start inclusive, end exclusive; may wrap midnight."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError(f"quiet hours must not start and end at the same time: {self.start}")

    def covers(self, clock: time) -> bool:
        """Whether a local wall-clock time is inside the range."""
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def describe(self) -> str:
        """Like "22:00-07:00"; parse_quiet reads it back."""
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_quiet(text: str) -> QuietHours | None:
    """Read "HH:MM-HH:MM" (spaces around the dash allowed), or "off" for None."""
    _check_length(text, "HH:MM-HH:MM", QUIET_EXAMPLE)
    if text.strip().lower() == "off":
        return None
    match = _RANGE.fullmatch(text.strip())
    if match is None:
        raise ScheduleError(
            f'"{_shown(text.strip())}" is not a quiet-hours range; write start-end as '
            f"HH:MM-HH:MM, {QUIET_EXAMPLE}"
        )
    start, end = (_parse_time(token, QUIET_EXAMPLE) for token in match.groups())
    if start == end:
        raise ScheduleError(
            f'"{_shown(text.strip())}" starts and ends at the same time; write two different '
            f"times, {QUIET_EXAMPLE}"
        )
    return QuietHours(start, end)


def quiet_until(quiet: QuietHours, zone: str, now: datetime) -> datetime | None:
    """When `now` (aware) is inside the quiet hours by the wall clock of `zone`, the UTC instant
    they end; else None. In the autumn fold the repeated hour is quiet again if it is in range."""
    now = _aware_utc(now, "now")
    tz = _tz(zone)
    local = now.astimezone(tz)
    if not quiet.covers(local.time()):
        return None
    # Both folds count: on the second pass through the repeated hour the end may still be ahead.
    # An end whose instant is quiet again is skipped: when all the time outside the range lies
    # in a spring gap (03:00-02:00 in Berlin), that day has no non-quiet moment.
    ends = sorted(
        instant
        for offset in (0, 1, 2, 3)
        for instant in _wall_instants(
            local.date() + timedelta(days=offset), quiet.end, tz, second_fold=True
        )
    )
    return next(e for e in ends if e > now and not quiet.covers(e.astimezone(tz).time()))
