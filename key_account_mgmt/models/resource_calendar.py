"""Working-time engine of the complaint service levels.

The service-level deadlines of many complaints are computed together: the
working intervals of a calendar are read once (attendances, adjusted working
days, public holidays) for the whole period the batch needs, then every
complaint plans its working hours on that timeline in memory.
"""

from datetime import date, datetime, time, timedelta

from pytz import timezone, utc

from odoo import fields, models
from odoo.tools.date_utils import float_to_time
from odoo.tools.intervals import Intervals

from ..tools.china_holidays import china_holidays
from ..tools.work_timeline import KamWorkTimeline


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    kam_workday_ids = fields.One2many(
        "kam.calendar.workday",
        "calendar_id",
        string="Adjusted Working Days",
        help="Days off the usual week that are worked (调休), e.g. a Sunday that "
        "makes up for a bridge day of a public holiday.",
    )

    def action_kam_load_china_holidays(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_china_holidays_wizard_action"
        )
        action["context"] = {"default_calendar_id": self.id}
        return action

    def _kam_timelines(self, start, stop):
        """One KamWorkTimeline per calendar of self, from start to stop.

        :param datetime start: naive UTC
        :param datetime stop: naive UTC
        :return: {calendar_id: KamWorkTimeline}

        Queries: per calendar, one for the attendances and one for the
        holidays (the calendar API), plus one for all adjusted working days.
        """
        start_dt = utc.localize(start)
        stop_dt = utc.localize(stop)
        workdays = self.env["kam.calendar.workday"].search_fetch(
            [
                ("calendar_id", "in", self.ids),
                ("date", ">=", (start - timedelta(days=1)).date()),
                ("date", "<=", (stop + timedelta(days=1)).date()),
            ],
            ["calendar_id", "date", "dayofweek"],
        )
        workdays_by_calendar = {}
        for workday in workdays:
            workdays_by_calendar.setdefault(workday.calendar_id.id, []).append(workday)
        result = {}
        for calendar in self:
            tz = timezone(calendar.tz or "UTC")
            attendances = calendar._attendance_intervals_batch(
                start_dt, stop_dt, tz=tz
            )[False]
            extra = calendar._kam_workday_intervals(
                workdays_by_calendar.get(calendar.id, []), start_dt, stop_dt, tz
            )
            leaves = calendar._leave_intervals_batch(start_dt, stop_dt, tz=tz)[False]
            work = (Intervals(attendances) | extra) - leaves
            result[calendar.id] = KamWorkTimeline(
                [
                    (
                        begin.astimezone(utc).replace(tzinfo=None),
                        end.astimezone(utc).replace(tzinfo=None),
                    )
                    for begin, end, _meta in work
                ],
                start,
                stop,
            )
        return result

    def _kam_workday_intervals(self, workdays, start_dt, stop_dt, tz):
        """Working intervals of the adjusted working days of this calendar.

        An adjusted working day is worked with the hours of the weekday it
        stands for (its ``dayofweek``).
        """
        self.ensure_one()
        if not workdays:
            return Intervals()
        attendances = self.attendance_ids.filtered(
            lambda a: not a.display_type and a.day_period != "lunch"
        )
        items = []
        for workday in workdays:
            week_type = self.env["resource.calendar.attendance"].get_week_type(
                workday.date
            )
            for attendance in attendances:
                if attendance.dayofweek != workday.dayofweek:
                    continue
                if self.two_weeks_calendar and int(attendance.week_type) != week_type:
                    continue
                begin = tz.localize(
                    datetime.combine(workday.date, float_to_time(attendance.hour_from))
                )
                end = tz.localize(
                    datetime.combine(workday.date, float_to_time(attendance.hour_to))
                    if attendance.hour_to < 24
                    else datetime.combine(workday.date + timedelta(days=1), time.min)
                )
                begin, end = max(begin, start_dt), min(end, stop_dt)
                if begin < end:
                    items.append((begin, end, self.env["resource.calendar.attendance"]))
        return Intervals(items)

    # ------------------------------------------------------------------
    # China's statutory holidays and adjusted working days (调休)
    # ------------------------------------------------------------------
    def _kam_china_holidays(self, year):
        """China's holidays of a year from the `holidays` library.

        :return: (holidays, workdays): {date: name} of the days off and
            {date: (name, weekday it is worked as)} of the weekend days
            that are worked.
        """
        lang = self.env.lang or "en_US"
        language = lang if lang in ("zh_CN", "zh_TW") else "en_US"
        days_off, worked_as = china_holidays(year, language)
        workdays = {}
        for day, day_off in sorted(worked_as.items()):
            weekday = day_off.weekday() if day_off and day_off.weekday() < 5 else 0
            name = (
                self.env._(
                    "Working day (makes up for %(day)s)", day=day_off.isoformat()
                )
                if day_off
                else self.env._("Adjusted working day")
            )
            workdays[day] = (name, str(weekday))
        return days_off, workdays

    def _kam_load_china_holidays(self, year):
        """Load China's holidays and adjusted working days of a year.

        Days off become public holidays of the calendar (calendar leaves
        without resource), worked weekend days become adjusted working days.
        Loading a year again updates it: nothing is duplicated, days the
        library no longer lists are removed.

        :return: (number of holidays, number of adjusted working days)
        """
        self.ensure_one()
        days_off, workdays = self._kam_china_holidays(year)
        tz = timezone(self.tz or "UTC")
        Leave = self.env["resource.calendar.leaves"]
        existing = Leave.search(
            [
                ("calendar_id", "=", self.id),
                ("kam_holiday_key", "=like", f"CN:{year}-%"),
            ]
        )
        leaves_by_key = {leave.kam_holiday_key: leave for leave in existing}
        to_create = []
        for day, name in sorted(days_off.items()):
            key = f"CN:{day.isoformat()}"
            vals = {
                "name": name,
                "date_from": tz.localize(datetime.combine(day, time.min))
                .astimezone(utc)
                .replace(tzinfo=None),
                "date_to": tz.localize(datetime.combine(day, time(23, 59, 59)))
                .astimezone(utc)
                .replace(tzinfo=None),
            }
            leave = leaves_by_key.pop(key, None)
            if leave:
                if any(leave[fname] != value for fname, value in vals.items()):
                    leave.write(vals)
                continue
            to_create.append(
                dict(
                    vals,
                    calendar_id=self.id,
                    company_id=self.company_id.id,
                    resource_id=False,
                    time_type="leave",
                    kam_holiday_key=key,
                )
            )
        Leave.create(to_create)
        Leave.browse([leave.id for leave in leaves_by_key.values()]).unlink()

        Workday = self.env["kam.calendar.workday"]
        existing_days = Workday.search(
            [
                ("calendar_id", "=", self.id),
                ("date", ">=", date(year, 1, 1)),
                ("date", "<=", date(year, 12, 31)),
            ]
        )
        days_by_date = {workday.date: workday for workday in existing_days}
        to_create = []
        for day, (name, weekday) in workdays.items():
            vals = {"name": name, "dayofweek": weekday, "holiday_key": f"CN:{day}"}
            workday = days_by_date.pop(day, None)
            if workday:
                workday.write(vals)
            else:
                to_create.append(dict(vals, calendar_id=self.id, date=day))
        Workday.create(to_create)
        # Only days loaded earlier from the library are removed; days entered
        # by hand stay.
        Workday.browse([w.id for w in days_by_date.values() if w.holiday_key]).unlink()
        return len(days_off), len(workdays)
