"""Working intervals of a calendar, in memory (no ORM: a pure helper)."""

from bisect import bisect_left, bisect_right
from datetime import timedelta


class KamWorkTimeline:
    """Working intervals of one calendar over a period, in naive UTC.

    ``plan(start, hours)`` is the datetime at which ``hours`` working hours
    after ``start`` are spent, like ``resource.calendar.plan_hours``;
    ``hours_between(start, stop)`` counts the working hours in between, like
    ``resource.calendar.get_work_hours_count``.
    """

    def __init__(self, intervals, start, stop):
        self.start = start
        self.stop = stop
        self.starts = []
        self.stops = []
        self.cumul = []  # working hours before each interval
        total = 0.0
        for begin, end in sorted(intervals):
            if end <= begin:
                continue
            if self.stops and begin <= self.stops[-1]:
                # overlapping or adjacent intervals are merged
                if end > self.stops[-1]:
                    total += (end - self.stops[-1]).total_seconds() / 3600
                    self.stops[-1] = end
                continue
            self.starts.append(begin)
            self.stops.append(end)
            self.cumul.append(total)
            total += (end - begin).total_seconds() / 3600
        self.total = total
        self.cumul_end = [
            c + (e - b).total_seconds() / 3600
            for c, b, e in zip(self.cumul, self.starts, self.stops, strict=True)
        ]

    def _hours_at(self, dt):
        """Working hours from the start of the timeline until dt."""
        index = bisect_right(self.starts, dt) - 1
        if index < 0:
            return 0.0
        if dt >= self.stops[index]:
            return self.cumul_end[index]
        return self.cumul[index] + (dt - self.starts[index]).total_seconds() / 3600

    def hours_between(self, start, stop):
        if not start or not stop or stop <= start:
            return 0.0
        return self._hours_at(stop) - self._hours_at(start)

    def plan(self, start, hours):
        """Datetime when ``hours`` working hours after start are spent.

        None when the timeline ends before (the caller extends it).
        """
        target = self._hours_at(start) + hours
        index = bisect_left(self.cumul_end, target - 1e-9)
        if index >= len(self.starts):
            return None
        offset = max(target - self.cumul[index], 0.0)
        result = self.starts[index] + timedelta(seconds=round(offset * 3600))
        return max(result, start) if hours <= 0 else result
