"""Digest schedules and quiet hours: parsing, error texts, and next/missed runs and quiet ends in
IANA zones across DST changes, checked against pinned instants and a minute-by-minute oracle."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from articles.errors import ArticlebotError
from articles.schedule import (
    DigestSchedule,
    QuietHours,
    ScheduleError,
    due_runs_missed,
    next_run,
    parse_quiet,
    parse_schedule,
    parse_zone,
    quiet_until,
)

BERLIN = ZoneInfo("Europe/Berlin")
ALL = frozenset(range(7))
EXAMPLE = "for example /digest_at 08:00 Europe/Berlin weekdays"
QUIET_EXAMPLE = "for example /quiet 22:00-07:00, or /quiet off"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, *rest: int) -> datetime:
    second, microsecond = (*rest, 0, 0)[:2]
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


def every_day(at: str, zone: str) -> DigestSchedule:
    return parse_schedule(f"{at} {zone}")


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00 Europe/Berlin", DigestSchedule(time(8), "Europe/Berlin", ALL)),
        (
            "8:00 europe/berlin weekdays",
            DigestSchedule(time(8), "Europe/Berlin", frozenset(range(5))),
        ),
        ("07:45 UTC mon,wed,fri", DigestSchedule(time(7, 45), "UTC", frozenset({0, 2, 4}))),
        (
            "18:30 America/New_York weekends",
            DigestSchedule(time(18, 30), "America/New_York", frozenset({5, 6})),
        ),
        ("  0:05\tutc   Monday ,  SUN  ", DigestSchedule(time(0, 5), "UTC", frozenset({0, 6}))),
        ("23:59 Asia/Kolkata daily", DigestSchedule(time(23, 59), "Asia/Kolkata", ALL)),
        ("06:00 UTC everyday", DigestSchedule(time(6), "UTC", ALL)),
        ("06:00 UTC tues thurs sat", DigestSchedule(time(6), "UTC", frozenset({1, 3, 5}))),
        ("06:00 UTC weekdays sat", DigestSchedule(time(6), "UTC", frozenset(range(6)))),
    ],
)
def test_parse_schedule(text: str, expected: DigestSchedule) -> None:
    assert parse_schedule(text) == expected


@pytest.mark.parametrize(
    ("schedule", "described"),
    [
        (DigestSchedule(time(8), "Europe/Berlin", ALL), "08:00 Europe/Berlin"),
        (
            DigestSchedule(time(8), "Europe/Berlin", frozenset(range(5))),
            "08:00 Europe/Berlin weekdays",
        ),
        (DigestSchedule(time(9, 5), "UTC", frozenset({5, 6})), "09:05 UTC weekends"),
        (
            DigestSchedule(time(18, 30), "America/New_York", frozenset({4, 0, 2})),
            "18:30 America/New_York Mon, Wed, Fri",
        ),
    ],
)
def test_describe_and_read_back(schedule: DigestSchedule, described: str) -> None:
    assert schedule.describe() == described
    assert parse_schedule(described) == schedule


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        (" America/NEW_YORK ", "America/New_York"),
    ],
)
def test_parse_zone_returns_the_canonical_spelling(text: str, zone: str) -> None:
    assert parse_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", f'"25:00" is not a time of day; write HH:MM, {EXAMPLE}'),
        ("8", f'"8" is not a time of day; write HH:MM, {EXAMPLE}'),
        ("08:0 UTC", f'"08:0" is not a time of day; write HH:MM, {EXAMPLE}'),
        ("08:60 UTC", f'"08:60" is not a time of day; write HH:MM, {EXAMPLE}'),
        ("٠٨:٠٠ UTC", f'"٠٨:٠٠" is not a time of day; write HH:MM, {EXAMPLE}'),
        (
            "08:00 Mars/Olympus",
            '"Mars/Olympus" is not a time zone; use an IANA name such as Europe/Berlin, '
            f"America/New_York or UTC; write HH:MM and the zone, {EXAMPLE}",
        ),
        (
            "08:00",
            f'"08:00" needs your time zone after it; write HH:MM and an IANA zone name, {EXAMPLE}',
        ),
        (
            "08:00 Europe/Berlin someday",
            '"someday" is not a day; write daily, weekdays, weekends or day names such as '
            f"mon,wed,fri, {EXAMPLE}",
        ),
        (
            "08:00 Berlin",
            '"Berlin" is not a time zone (did you mean Europe/Berlin?); use an IANA name such as '
            f"Europe/Berlin, America/New_York or UTC; write HH:MM and the zone, {EXAMPLE}",
        ),
        # The machine's own zone is exactly the digest-at-the-bot's-time bug.
        (
            "08:00 localtime",
            '"localtime" is not a time zone; use an IANA name such as Europe/Berlin, '
            f"America/New_York or UTC; write HH:MM and the zone, {EXAMPLE}",
        ),
        ("   ", f"The digest time is missing; write HH:MM and a time zone, {EXAMPLE}"),
        (
            "08:00 UTC " + "mon " * 60,
            f"That is 250 characters long, more than 200; write HH:MM and a time zone, {EXAMPLE}",
        ),
    ],
)
def test_parse_schedule_errors(text: str, message: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text)
    assert caught.value.message == message
    assert str(caught.value) == message
    assert isinstance(caught.value, ArticlebotError)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        ("<b>", '"?b?"'),
        ("08:00 Europe/<i>x&y", '"Europe/?i?x?y"'),
        ("08:00 UTC <script>", '"?script?"'),
    ],
)
def test_error_texts_carry_no_html_characters(bad: str, shown: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(bad)
    assert not set("<>&") & set(caught.value.message)
    assert caught.value.message.startswith(shown + " is not a ")


def test_a_long_bad_value_is_shortened_in_the_message() -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule("08:00 " + "x" * 150)
    assert caught.value.message.startswith('"' + "x" * 39 + '…" is not a time zone')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:00-07:00", QuietHours(time(22), time(7))),
        ("22:00 - 07:00", QuietHours(time(22), time(7))),
        ("9:00-17:30", QuietHours(time(9), time(17, 30))),
        (" 23:15 – 6:45 ", QuietHours(time(23, 15), time(6, 45))),
        ("off", None),
        (" OFF ", None),
    ],
)
def test_parse_quiet(text: str, expected: QuietHours | None) -> None:
    assert parse_quiet(text) == expected


def test_quiet_describe_reads_back() -> None:
    quiet = QuietHours(time(22), time(7, 5))
    assert quiet.describe() == "22:00-07:05"
    assert parse_quiet(quiet.describe()) == quiet


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "22:00",
            f'"22:00" is not a quiet-hours range; write start-end as HH:MM-HH:MM, {QUIET_EXAMPLE}',
        ),
        (
            "22:00-22:00",
            '"22:00-22:00" starts and ends at the same time; write two different times, '
            f"{QUIET_EXAMPLE}",
        ),
        ("25:00-07:00", f'"25:00" is not a time of day; write HH:MM, {QUIET_EXAMPLE}'),
        ("22:00-7", f'"7" is not a time of day; write HH:MM, {QUIET_EXAMPLE}'),
        ("", f'"" is not a quiet-hours range; write start-end as HH:MM-HH:MM, {QUIET_EXAMPLE}'),
    ],
)
def test_parse_quiet_errors(text: str, message: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_quiet(text)
    assert caught.value.message == message


def test_hand_built_values_are_checked() -> None:
    with pytest.raises(ValueError, match="days"):
        DigestSchedule(time(8), "UTC", frozenset())
    with pytest.raises(ValueError, match="days"):
        DigestSchedule(time(8), "UTC", frozenset({7}))
    with pytest.raises(ValueError, match="whole minutes"):
        DigestSchedule(time(8, 0, 30), "UTC", ALL)
    with pytest.raises(ValueError, match="same time"):
        QuietHours(time(22), time(22))
    # A zone that slipped past the parser is refused where it is used.
    with pytest.raises(ScheduleError, match='"localtime" is not a time zone'):
        next_run(DigestSchedule(time(8), "localtime", ALL), utc(2026, 1, 1))


# --- next_run --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (utc(2026, 3, 27, 12), utc(2026, 3, 28, 7)),  # Saturday, still CET (UTC+1)
        (utc(2026, 3, 28, 12), utc(2026, 3, 29, 6)),  # the change day itself: CEST (UTC+2)
        (utc(2026, 7, 1, 12), utc(2026, 7, 2, 6)),
        (utc(2026, 10, 23, 12), utc(2026, 10, 24, 6)),  # last CEST morning
        (utc(2026, 10, 24, 12), utc(2026, 10, 25, 7)),  # back on CET
        (utc(2026, 10, 25, 7), utc(2026, 10, 26, 7)),  # exactly at a run: the next one
        (utc(2026, 10, 25, 6, 59, 59), utc(2026, 10, 25, 7)),
    ],
)
def test_berlin_0800_across_the_2026_dst_changes(after: datetime, expected: datetime) -> None:
    run = next_run(every_day("08:00", "Europe/Berlin"), after)
    assert run == expected
    assert run.tzinfo is UTC
    assert run.astimezone(BERLIN).time() == time(8)


def test_a_time_in_the_spring_gap_runs_when_the_clocks_jump() -> None:
    # 02:00 CET jumps to 03:00 CEST on 2026-03-29: 02:30 does not exist, so 03:00 CEST it is.
    schedule = every_day("02:30", "Europe/Berlin")
    run = next_run(schedule, utc(2026, 3, 28, 12))
    assert run == utc(2026, 3, 29, 1)
    assert run.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 0)
    assert next_run(schedule, run) == utc(2026, 3, 30, 0, 30)  # 02:30 CEST again the next day
    assert next_run(schedule, utc(2026, 3, 29, 0, 59)) == utc(2026, 3, 29, 1)


def test_a_time_in_the_autumn_fold_runs_once_at_its_first_occurrence() -> None:
    # 03:00 CEST falls back to 02:00 CET on 2026-10-25: 02:30 happens at 00:30 and 01:30 UTC.
    schedule = every_day("02:30", "Europe/Berlin")
    first = next_run(schedule, utc(2026, 10, 24, 12))
    assert first == utc(2026, 10, 25, 0, 30)
    assert next_run(schedule, first) == utc(2026, 10, 26, 1, 30)
    assert next_run(schedule, utc(2026, 10, 25, 1)) == utc(2026, 10, 26, 1, 30)  # between the two


def test_new_york_weekends_across_its_spring_change() -> None:
    # US DST starts Sunday 2026-03-08: Saturday 18:30 is EST (UTC-5), Sunday 18:30 EDT (UTC-4).
    schedule = parse_schedule("18:30 America/New_York weekends")
    saturday = next_run(schedule, utc(2026, 3, 6, 12))
    assert saturday == utc(2026, 3, 7, 23, 30)
    sunday = next_run(schedule, saturday)
    assert sunday == utc(2026, 3, 8, 22, 30)
    assert next_run(schedule, sunday) == utc(2026, 3, 14, 22, 30)
    assert next_run(every_day("02:30", "America/New_York"), utc(2026, 3, 8)) == utc(2026, 3, 8, 7)


def test_weekdays_skip_saturday_and_sunday() -> None:
    schedule = parse_schedule("08:00 Europe/Berlin weekdays")
    friday = utc(2026, 6, 5, 6)
    assert next_run(schedule, friday - timedelta(seconds=1)) == friday
    assert next_run(schedule, friday) == utc(2026, 6, 8, 6)  # Monday


def test_days_are_the_local_weekday_not_the_utc_one() -> None:
    # 00:30 Monday in Berlin is 22:30 Sunday UTC.
    schedule = parse_schedule("00:30 Europe/Berlin mon")
    assert next_run(schedule, utc(2026, 6, 3)) == utc(2026, 6, 7, 22, 30)


def test_next_run_takes_any_aware_after_and_refuses_a_naive_one() -> None:
    schedule = every_day("08:00", "Europe/Berlin")
    in_tokyo = datetime(2026, 6, 1, 15, tzinfo=ZoneInfo("Asia/Tokyo"))  # 06:00 UTC, a run
    assert next_run(schedule, in_tokyo) == utc(2026, 6, 2, 6)
    with pytest.raises(ValueError, match="timezone-aware"):
        next_run(schedule, datetime(2026, 6, 1, 6))


# --- due_runs_missed -------------------------------------------------------------------------


def test_five_days_down_gives_one_catch_up_the_latest() -> None:
    schedule = every_day("08:00", "Europe/Berlin")
    missed = due_runs_missed(schedule, utc(2026, 6, 1, 6), utc(2026, 6, 6, 12))
    assert missed == utc(2026, 6, 6, 6)


@pytest.mark.parametrize(
    ("last_run", "now", "expected"),
    [
        (None, utc(2026, 6, 6, 12), None),
        (utc(2026, 6, 1, 6), utc(2026, 6, 1, 12), None),  # nothing since the last run
        (utc(2026, 6, 1, 6), utc(2026, 6, 2, 6), utc(2026, 6, 2, 6)),  # now is inclusive
        (utc(2026, 6, 2, 6), utc(2026, 6, 2, 6), None),  # last_run is exclusive
        (utc(2026, 6, 3), utc(2026, 6, 1), None),  # clock went back: nothing is due
        (utc(2026, 3, 25, 7), utc(2026, 3, 30, 5, 59), utc(2026, 3, 29, 6)),  # across the change
    ],
)
def test_due_runs_missed(
    last_run: datetime | None, now: datetime, expected: datetime | None
) -> None:
    assert due_runs_missed(every_day("08:00", "Europe/Berlin"), last_run, now) == expected


def test_a_weekend_down_misses_nothing_on_a_weekday_schedule() -> None:
    schedule = parse_schedule("08:00 Europe/Berlin weekdays")
    assert due_runs_missed(schedule, utc(2026, 6, 5, 6), utc(2026, 6, 7, 20)) is None
    assert due_runs_missed(schedule, utc(2026, 6, 4, 6), utc(2026, 6, 7, 20)) == utc(2026, 6, 5, 6)


def test_due_runs_missed_refuses_naive_datetimes() -> None:
    schedule = every_day("08:00", "UTC")
    with pytest.raises(ValueError, match="now"):
        due_runs_missed(schedule, None, datetime(2026, 6, 1))
    with pytest.raises(ValueError, match="last_run"):
        due_runs_missed(schedule, datetime(2026, 6, 1), utc(2026, 6, 2))


# --- quiet_until -----------------------------------------------------------------------------

NIGHT = QuietHours(time(22), time(7))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 1, 1, 23), utc(2026, 1, 2, 7)),
        (utc(2026, 1, 1, 22), utc(2026, 1, 2, 7)),  # start is inclusive
        (utc(2026, 1, 2, 6, 59), utc(2026, 1, 2, 7)),
        (utc(2026, 1, 2, 6, 59, 59, 999999), utc(2026, 1, 2, 7)),
        (utc(2026, 1, 2, 7), None),  # end is exclusive
        (utc(2026, 1, 2, 12), None),
        (utc(2026, 1, 2, 21, 59), None),
    ],
)
def test_quiet_night_in_utc(now: datetime, expected: datetime | None) -> None:
    assert quiet_until(NIGHT, "UTC", now) == expected


def test_quiet_hours_follow_the_zone_wall_clock() -> None:
    # 21:00 UTC is 23:00 CEST (quiet); 20:30 UTC is 22:30 CEST; 19:30 UTC is 21:30 CEST.
    assert quiet_until(NIGHT, "Europe/Berlin", utc(2026, 6, 1, 21)) == utc(2026, 6, 2, 5)
    assert quiet_until(NIGHT, "Europe/Berlin", utc(2026, 6, 1, 20, 30)) == utc(2026, 6, 2, 5)
    assert quiet_until(NIGHT, "Europe/Berlin", utc(2026, 6, 1, 19, 30)) is None
    assert quiet_until(NIGHT, "UTC", utc(2026, 6, 1, 19, 30)) is None
    office = QuietHours(time(9), time(17, 30))
    assert quiet_until(office, "America/New_York", utc(2026, 1, 15, 15)) == utc(2026, 1, 15, 22, 30)
    assert quiet_until(office, "America/New_York", utc(2026, 1, 15, 13, 59)) is None


def test_quiet_hours_across_the_dst_changes() -> None:
    # The spring night is an hour shorter: 23:00 CET to 07:00 CEST.
    assert quiet_until(NIGHT, "Europe/Berlin", utc(2026, 3, 28, 22)) == utc(2026, 3, 29, 5)
    assert quiet_until(NIGHT, "Europe/Berlin", utc(2026, 10, 24, 21)) == utc(2026, 10, 25, 6)
    # Ending inside the gap: quiet until the clocks jump to 03:00 CEST.
    early = QuietHours(time(1), time(2, 30))
    assert quiet_until(early, "Europe/Berlin", utc(2026, 3, 29, 0, 15)) == utc(2026, 3, 29, 1)
    # In the fold 02:15 comes twice, and each time the end 02:30 is 15 minutes away.
    assert quiet_until(early, "Europe/Berlin", utc(2026, 10, 25, 0, 15)) == utc(2026, 10, 25, 0, 30)
    assert quiet_until(early, "Europe/Berlin", utc(2026, 10, 25, 1, 15)) == utc(2026, 10, 25, 1, 30)


def test_quiet_hours_go_on_when_their_only_free_hour_is_in_the_gap() -> None:
    # Quiet but for 02:00-03:00, which 2026-03-29 skips in Berlin: quiet until 02:00 next day.
    nearly_always = QuietHours(time(3), time(2))
    assert quiet_until(nearly_always, "Europe/Berlin", utc(2026, 3, 29, 0, 30)) == utc(2026, 3, 30)
    assert quiet_until(nearly_always, "Europe/Berlin", utc(2026, 3, 30)) is None


def test_covers() -> None:
    assert [NIGHT.covers(time(h)) for h in (21, 22, 23, 0, 6, 7, 12)] == [0, 1, 1, 1, 1, 0, 0]
    office = QuietHours(time(9), time(17, 30))
    assert [office.covers(t) for t in (time(8, 59), time(9), time(17, 29), time(17, 30))] == [
        False,
        True,
        True,
        False,
    ]


def test_quiet_until_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        quiet_until(NIGHT, "UTC", datetime(2026, 1, 1, 23))


# --- properties ------------------------------------------------------------------------------

# Zones with odd rules: 30-minute DST (Lord Howe), DST at midnight (Santiago), +05:30 without
# DST (Kolkata), +12:45 (Chatham), besides the usual two and UTC.
ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "UTC",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Chatham",
]
AFTER_ZONES: list[tzinfo] = [UTC, BERLIN, ZoneInfo("Asia/Tokyo"), timezone(timedelta(hours=-7))]
# Half the times near the small hours, where the DST gaps and folds are, or they are rarely hit.
clock_times = st.one_of(
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
    st.builds(time, st.sampled_from([23, 0, 1, 2, 3]), st.sampled_from([0, 1, 15, 30, 45, 59])),
)
schedules = st.builds(
    DigestSchedule,
    at=clock_times,
    zone=st.sampled_from(ZONES),
    days=st.frozensets(st.integers(0, 6), min_size=1),
)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.sampled_from(AFTER_ZONES),
)


def zone_of(name: str) -> tzinfo:
    return UTC if name == "UTC" else ZoneInfo(name)


HOUR = timedelta(hours=1)


@lru_cache
def offset_changes(zone: str) -> list[datetime]:
    """Instants (to the hour) at which the zone's UTC offset changes in a few sample years."""
    tz, found = zone_of(zone), []
    for year in (2021, 2026, 2034):
        hour = datetime(year, 1, 1, tzinfo=UTC)
        while hour.year == year:
            if hour.astimezone(tz).utcoffset() != (hour + HOUR).astimezone(tz).utcoffset():
                found.append(hour)
            hour += HOUR
    return found or [datetime(2026, 1, 1, tzinfo=UTC)]


@st.composite
def schedule_and_moment(draw: st.DrawFn) -> tuple[DigestSchedule, datetime]:
    """A schedule and an instant: anywhere in 2020-2035, or within days before a DST change."""
    schedule = draw(schedules)
    if draw(st.integers(0, 3)) == 0:
        return schedule, draw(moments)
    change = draw(st.sampled_from(offset_changes(schedule.zone)))
    moment = change - timedelta(seconds=draw(st.integers(-6 * 3600, 2 * 86400)))
    if draw(st.integers(0, 3)) > 0:  # a wall time in or near that change's gap or fold, due next
        local = change.astimezone(zone_of(schedule.zone))
        near = local + timedelta(minutes=draw(st.integers(0, 120)))  # wall-clock arithmetic
        at = near.time().replace(second=0, microsecond=0)
        schedule = replace(schedule, at=at, days=schedule.days | {local.weekday()})
        moment = change - timedelta(seconds=draw(st.integers(0, 86400)))
    return schedule, moment.astimezone(draw(st.sampled_from(AFTER_ZONES)))


def oracle_next_run(schedule: DigestSchedule, after: datetime) -> datetime:
    """Walk UTC minute by minute to the first one at which the local clock reaches `at` (shows
    it, or jumps over it), not in a repeated hour, on an allowed local weekday."""
    tz = zone_of(schedule.zone)
    minute = after.astimezone(UTC).replace(second=0, microsecond=0)
    previous = minute.astimezone(tz).replace(tzinfo=None, fold=0)
    while True:
        minute += timedelta(minutes=1)
        local = minute.astimezone(tz)
        wall = local.replace(tzinfo=None, fold=0)
        target = datetime.combine(local.date(), schedule.at)
        if local.fold == 0 and local.weekday() in schedule.days and previous < target <= wall:
            return minute
        previous = wall


@settings(max_examples=200, deadline=None)
@given(schedule_and_moment())
def test_next_run_properties(case: tuple[DigestSchedule, datetime]) -> None:
    schedule, after = case
    run = next_run(schedule, after)
    tz = zone_of(schedule.zone)
    local = run.astimezone(tz)
    assert run.tzinfo is UTC
    assert run > after
    assert local.weekday() in schedule.days
    if local.time() != schedule.at:
        # Only in a gap: `at` does not exist that day and the clock jumped over it at `run`.
        event("in a gap")
        before = (run - timedelta(seconds=1)).astimezone(tz).replace(tzinfo=None)
        target = datetime.combine(local.date(), schedule.at)
        assert before < target < local.replace(tzinfo=None)
    assert run == oracle_next_run(schedule, after)
    assert parse_schedule(schedule.describe()) == schedule


@settings(max_examples=150, deadline=None)
@given(schedule_and_moment(), st.integers(0, 20 * 24 * 60))
def test_due_runs_missed_properties(
    case: tuple[DigestSchedule, datetime], minutes_later: int
) -> None:
    schedule, last_run = case
    now = last_run + timedelta(minutes=minutes_later)
    missed = due_runs_missed(schedule, last_run, now)
    if missed is None:
        assert next_run(schedule, last_run) > now
    else:
        assert last_run < missed <= now
        assert next_run(schedule, missed) > now
        assert next_run(schedule, missed - timedelta(microseconds=1)) == missed


@settings(max_examples=200, deadline=None)
@given(schedule_and_moment(), clock_times)
def test_quiet_until_properties(case: tuple[DigestSchedule, datetime], end: time) -> None:
    schedule, now = case
    start, zone = schedule.at, schedule.zone
    if start == end:
        return
    quiet = QuietHours(start, end)
    clock = now.astimezone(zone_of(zone)).time()
    inside = start <= clock < end if start < end else not end <= clock < start
    until = quiet_until(quiet, zone, now)
    assert (until is not None) == inside
    if until is not None:
        assert now < until <= now + timedelta(days=2, hours=1)
        assert quiet_until(quiet, zone, until) is None  # the end is not quiet
        assert quiet_until(quiet, zone, until - timedelta(seconds=1)) is not None
