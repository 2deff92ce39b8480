"""Timeline buckets follow the span of the matches: days, weeks, months or years."""

import datetime as dt

import numpy as np

from archive.timeline import timeline


def keys(*days: str) -> np.ndarray:
    return np.array([int(d.replace("-", "")) for d in days] + [0])  # 0: an article without a date


def test_a_one_month_result_is_counted_per_day_of_its_month():
    line = timeline(keys("2024-10-03", "2024-10-03", "2024-10-20"))
    assert line.unit == "day" and len(line.buckets) == 31  # the whole month: a day reads as a day
    assert line.buckets[0].key == "2024-10-01" and line.buckets[2].count == 2
    assert sum(b.count for b in line.buckets) == 3  # the undated article is not a bar
    assert len(timeline(keys("2021-04-10")).buckets) == 30  # one day: still its month, not one block


def test_a_few_months_are_counted_per_week_from_monday():
    line = timeline(keys("2024-07-03", "2024-10-20"))
    assert line.unit == "week"
    first = line.buckets[0]
    assert (
        first.key == "2024-W27" and first.first == dt.date(2024, 7, 1) and first.last == dt.date(2024, 7, 7)
    )


def test_ten_years_are_counted_per_month_and_longer_spans_per_year():
    decade = timeline(keys("2015-03-10", "2024-10-31"))
    assert decade.unit == "month" and len(decade.buckets) == 120  # whole years
    assert decade.buckets[-1].first == dt.date(2024, 12, 1) and decade.buckets[-1].last == dt.date(
        2024, 12, 31
    )
    long = timeline(keys("2001-03-01", "2024-09-01"))
    assert long.unit == "year" and len(long.buckets) == 24 and long.pairs()[0] == ("2001", 1)


def test_no_dated_match_no_timeline():
    assert timeline(keys()).buckets == []
