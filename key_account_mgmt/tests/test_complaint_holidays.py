import holidays

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_complaint import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintHolidays(KamComplaintCommon):
    """China's public holidays and adjusted working days (调休)."""

    def _loaded(self, calendar):
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", calendar.id), ("kam_holiday_key", "!=", False)]
        )
        return leaves, calendar.kam_workday_ids

    def test_load_2026(self):
        calendar = self.calendar_shanghai
        expected = holidays.China(years=2026)
        count, workday_count = calendar._kam_load_china_holidays(2026)
        leaves, workdays = self._loaded(calendar)
        self.assertEqual(count, len(expected))
        self.assertEqual(len(leaves), len(expected))
        self.assertFalse(leaves.resource_id)
        # Spring Festival, a whole day in China's time zone
        festival = leaves.filtered(
            lambda leave: leave.kam_holiday_key == "CN:2026-02-17"
        )
        self.assertEqual(festival.date_from, self.dt(2026, 2, 16, 16, 0))
        self.assertEqual(festival.date_to, self.dt(2026, 2, 17, 15, 59, 59))
        # the worked weekend days of 2026
        self.assertEqual(
            sorted(str(d) for d in workdays.mapped("date")),
            [
                "2026-01-04",
                "2026-02-14",
                "2026-02-28",
                "2026-05-09",
                "2026-09-20",
                "2026-10-10",
            ],
        )
        self.assertEqual(workday_count, 6)
        # Saturday 14 February makes up for Friday 20 February: worked as a Friday
        make_up = workdays.filtered(lambda w: str(w.date) == "2026-02-14")
        self.assertEqual(make_up.dayofweek, "4")

    def test_reload_is_idempotent(self):
        calendar = self.calendar_shanghai
        calendar._kam_load_china_holidays(2026)
        leaves, workdays = self._loaded(calendar)
        # a holiday deleted and one renamed by hand come back as loaded
        leaves[0].unlink()
        leaves[1].name = "Renamed"
        manual = self.env["kam.calendar.workday"].create(
            {"calendar_id": calendar.id, "date": "2026-06-13", "name": "Stock take"}
        )
        calendar._kam_load_china_holidays(2026)
        again, workdays_again = self._loaded(calendar)
        self.assertEqual(len(again), len(leaves))
        self.assertNotIn("Renamed", again.mapped("name"))
        self.assertEqual(len(workdays_again), len(workdays) + 1)
        self.assertIn(manual, workdays_again)
        # another year adds to it, not replaces
        calendar._kam_load_china_holidays(2025)
        both, _workdays = self._loaded(calendar)
        self.assertEqual(len(both), len(leaves) + len(holidays.China(years=2025)))

    def test_deadlines_on_loaded_calendar(self):
        self.tier_strategic.resource_calendar_id = self.calendar_shanghai
        self.calendar_shanghai._kam_load_china_holidays(2026)
        # Friday 13 February 17:00 in China, 8 h: 1 h on Friday, then
        # Saturday 14 February is worked -> Saturday 16:00 (08:00 UTC)
        complaint = self._complaint(self.dt(2026, 2, 13, 9, 0))
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 2, 14, 8, 0))
        # Wednesday 30 September 17:00: National Day holidays until 7 October,
        # Sunday 4 October is not worked -> Thursday 8 October 16:00
        complaint = self._complaint(self.dt(2026, 9, 30, 9, 0))
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 10, 8, 8, 0))

    def test_wizard(self):
        wizard = (
            self.env["kam.china.holidays.wizard"]
            .with_user(self.kam_manager)
            .create({"calendar_id": self.calendar_shanghai.id, "year": 2026})
        )
        action = wizard.action_load()
        self.assertEqual(action["tag"], "display_notification")
        leaves, workdays = self._loaded(self.calendar_shanghai)
        self.assertTrue(leaves)
        self.assertTrue(workdays)
        action = self.calendar_shanghai.action_kam_load_china_holidays()
        self.assertEqual(action["res_model"], "kam.china.holidays.wizard")
        with self.assertRaises(AccessError):
            wizard.with_user(self.kam_user).action_load()
