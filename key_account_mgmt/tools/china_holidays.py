"""China's statutory holidays and adjusted working days (调休), parsed from
the `holidays` library (no ORM: a pure helper)."""

from datetime import date


def china_holidays(year, language="en_US"):
    """Days off and worked weekend days of China in ``year``.

    :return: (days_off, worked): ``{date: name}`` of the days off and
        ``{date: day off it makes up for, or None}`` of the weekend days that
        are worked.
    """
    import holidays  # noqa: PLC0415 (external dependency, loaded on use)

    calendar = holidays.China(years=year, language=language)
    days_off = {day: name for day, name in calendar.items() if day.year == year}
    # The library lists each day off that makes up for a worked weekend
    # day as (day off month, day, worked month, day[, worked year]).
    worked_as = {}
    special = getattr(calendar, "special_public_holidays", None) or {}
    for key_year, entries in special.items():
        if entries and not isinstance(entries[0], tuple):
            entries = (entries,)  # a single entry is not nested
        for entry in entries:
            if not isinstance(entry, tuple) or len(entry) < 4:
                continue
            to_month, to_day, from_month, from_day, *rest = entry
            try:
                day_off = date(key_year, to_month, to_day)
                worked = date(rest[0] if rest else key_year, from_month, from_day)
            except (TypeError, ValueError):
                continue
            worked_as[worked] = day_off
    worked = {
        day: worked_as.get(day)
        for day in sorted(getattr(calendar, "weekend_workdays", None) or ())
        if day.year == year
    }
    return days_off, worked
