from freezegun import freeze_time

from odoo.tests import tagged

from .common_complaint import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintSla(KamComplaintCommon):
    """Deadlines in working hours, against hand-computed cases."""

    def test_friday_evening_lands_monday(self):
        # Friday 17:00, 8 working hours on Mon-Fri 9-18: 1 h on Friday, 7 h on
        # Monday -> Monday 16:00.
        complaint = self._complaint(self.dt(2026, 3, 6, 17, 0))
        self.assertEqual(complaint.tier_id, self.tier_strategic)
        self.assertEqual(complaint.calendar_id, self.calendar_utc)
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 9, 16, 0))
        # 16 h: 1 h Friday, 9 h Monday, 6 h Tuesday -> Tuesday 15:00
        self.assertEqual(complaint.resolution_deadline, self.dt(2026, 3, 10, 15, 0))
        # the same as Odoo's own planning on that calendar
        self.assertEqual(
            complaint.first_response_deadline,
            self.calendar_utc.plan_hours(
                8, self.dt(2026, 3, 6, 17, 0), compute_leaves=True
            ),
        )

    def test_received_before_opening_hours(self):
        # Saturday: the clock starts on Monday 9:00
        complaint = self._complaint(self.dt(2026, 3, 7, 11, 0))
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 9, 17, 0))

    def test_calendar_time_zone(self):
        # Friday 17:00 in Shanghai is 09:00 UTC; Monday 16:00 in Shanghai is
        # 08:00 UTC.
        self.tier_strategic.resource_calendar_id = self.calendar_shanghai
        complaint = self._complaint(self.dt(2026, 3, 6, 9, 0))
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 9, 8, 0))
        # The same complaint in a UTC calendar lands on Friday 17:00 UTC.
        self.tier_strategic.resource_calendar_id = self.calendar_utc
        complaint_utc = self._complaint(self.dt(2026, 3, 6, 9, 0))
        self.assertEqual(
            complaint_utc.first_response_deadline, self.dt(2026, 3, 6, 17, 0)
        )

    def test_user_time_zone_does_not_matter(self):
        self.tier_strategic.resource_calendar_id = self.calendar_shanghai
        self.kam_user.tz = "Asia/Shanghai"
        self.kam_user2.tz = "UTC"
        received = self.dt(2026, 3, 6, 9, 0)
        by_shanghai = self._complaint(received).with_user(self.kam_user)
        by_utc = (
            self.Complaint.with_user(self.kam_user2)
            .with_context(tz="UTC")
            .create(
                {
                    "subject": "Same",
                    "partner_id": self.account.id,
                    "date_received": received,
                    "user_id": self.kam_user2.id,
                }
            )
        )
        self.assertEqual(by_shanghai.first_response_deadline, self.dt(2026, 3, 9, 8, 0))
        self.assertEqual(by_utc.first_response_deadline, self.dt(2026, 3, 9, 8, 0))

    def test_public_holiday(self):
        # Monday is a public holiday: Friday 1 h, Tuesday 7 h -> Tuesday 16:00
        self._holiday(
            self.calendar_utc, self.dt(2026, 3, 9, 0, 0), self.dt(2026, 3, 9, 23, 59)
        )
        complaint = self._complaint(self.dt(2026, 3, 6, 17, 0))
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 10, 16, 0))

    def test_public_holiday_in_calendar_time_zone(self):
        # Monday off in Shanghai: Sunday 16:00 to Monday 16:00 UTC
        self.tier_strategic.resource_calendar_id = self.calendar_shanghai
        self._holiday(
            self.calendar_shanghai,
            self.dt(2026, 3, 8, 16, 0),
            self.dt(2026, 3, 9, 15, 59, 59),
        )
        complaint = self._complaint(self.dt(2026, 3, 6, 9, 0))
        # Tuesday 16:00 in Shanghai
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 10, 8, 0))

    def test_adjusted_working_day(self):
        # Saturday is worked as a Friday (调休): Friday 1 h, Saturday 7 h
        self.env["kam.calendar.workday"].create(
            {
                "calendar_id": self.calendar_utc.id,
                "date": "2026-03-07",
                "dayofweek": "4",
                "name": "Make-up day",
            }
        )
        complaint = self._complaint(self.dt(2026, 3, 6, 17, 0))
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 7, 16, 0))

    def test_waiting_pauses_the_clock(self):
        # Monday 9:00; resolution in 16 h would be Tuesday 16:00.
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        self.assertEqual(complaint.resolution_deadline, self.dt(2026, 3, 3, 16, 0))
        with freeze_time("2026-03-02 10:00:00"):
            complaint.action_acknowledge()
            complaint.action_investigate()
        with freeze_time("2026-03-02 11:00:00"):
            complaint.action_wait()
        self.assertEqual(complaint.state, "waiting")
        # Waiting until Wednesday: the clock is paused, the complaint is not
        # breached although the original deadline passed.
        with freeze_time("2026-03-04 08:00:00"):
            complaint._kam_refresh_sla()
            self.assertEqual(complaint.sla_status, "on_track")
        with freeze_time("2026-03-03 11:00:00"):
            complaint.action_investigate()
        # Paused: Monday 11-18 (7 h) and Tuesday 9-11 (2 h) = 9 working hours;
        # the deadline moves 9 working hours: 25 h from Monday 9:00 is
        # Wednesday 16:00.
        self.assertAlmostEqual(complaint.sla_paused_hours, 9.0, places=4)
        self.assertEqual(complaint.resolution_deadline, self.dt(2026, 3, 4, 16, 0))
        with freeze_time("2026-03-04 12:00:00"):
            complaint.resolution = "<p>Replaced</p>"
            complaint.action_resolve()
        self.assertEqual(complaint.sla_status, "met")
        # 9 h Monday + 9 h Tuesday + 3 h Wednesday - 9 h paused
        self.assertAlmostEqual(complaint.resolution_time_hours, 12.0, places=2)
        self.assertAlmostEqual(complaint.response_time_hours, 1.0, places=2)

    def test_status_on_track_at_risk_breached(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
            self.assertEqual(complaint.sla_status, "on_track")
            self.assertEqual(complaint.sla_deadline, self.dt(2026, 3, 2, 17, 0))
        # 1.5 h of 8 left: less than 25 %
        with freeze_time("2026-03-02 15:30:00"):
            complaint._kam_refresh_sla()
            self.assertEqual(complaint.sla_status, "at_risk")
        # 2.5 h left is more than 25 %
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.complaint_at_risk_share", 10
        )
        with freeze_time("2026-03-02 15:30:00"):
            complaint._kam_refresh_sla()
            self.assertEqual(complaint.sla_status, "on_track")
        with freeze_time("2026-03-02 17:01:00"):
            complaint._kam_refresh_sla()
            self.assertEqual(complaint.sla_status, "breached")
            # a late first response stays a breach
            complaint.action_acknowledge()
            self.assertEqual(complaint.sla_status, "breached")
            complaint.resolution = "<p>Done</p>"
            complaint.action_resolve()
        self.assertEqual(complaint.sla_status, "breached")

    def test_met_within_both_targets(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        with freeze_time("2026-03-02 10:00:00"):
            complaint.action_acknowledge()
        self.assertEqual(complaint.sla_deadline, complaint.resolution_deadline)
        with freeze_time("2026-03-03 10:00:00"):
            complaint.resolution = "<p>Replaced</p>"
            complaint.action_resolve()
        self.assertEqual(complaint.sla_status, "met")
        self.assertFalse(complaint.sla_deadline)
        self.assertAlmostEqual(complaint.resolution_time_hours, 10.0, places=2)

    def test_standard_tier_for_other_customers(self):
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0), self.plain_partner)
        self.assertEqual(complaint.tier_id, self.tier_standard)
        # 16 h: Monday and Tuesday 9-18 minus 2 h -> Tuesday 16:00
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 3, 16, 0))
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.complaint_default_tier_id", self.tier_key.id
        )
        self.tier_key.write(
            {
                "resource_calendar_id": False,
                "first_response_hours": 2,
                "resolution_hours": 4,
            }
        )
        other = self._complaint(self.dt(2026, 3, 2, 9, 0), self.plain_partner)
        self.assertEqual(other.tier_id, self.tier_key)
        # no calendar on the tier: the company's working hours
        self.assertEqual(other.calendar_id, self.company.resource_calendar_id)
        self.assertEqual(
            other.first_response_deadline,
            self.company.resource_calendar_id.plan_hours(
                2, self.dt(2026, 3, 2, 9, 0), compute_leaves=True
            ),
        )

    def test_tier_snapshot(self):
        complaint = self._complaint(self.dt(2026, 3, 6, 17, 0), self.account_contact)
        self.assertEqual(complaint.commercial_partner_id, self.account)
        self.assertEqual(complaint.tier_id, self.tier_strategic)
        # later changes of the tier do not move existing deadlines
        self.tier_strategic.first_response_hours = 2
        complaint._kam_refresh_sla()
        self.assertEqual(complaint.first_response_target, 8)
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 9, 16, 0))

    def test_new_customer_takes_its_service_level(self):
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0), self.plain_partner)
        self.assertEqual(complaint.tier_id, self.tier_standard)
        complaint.partner_id = self.account_contact
        self.assertEqual(complaint.tier_id, self.tier_strategic)
        self.assertEqual(complaint.first_response_deadline, self.dt(2026, 3, 2, 17, 0))
        # once acknowledged, the snapshot stays
        complaint.action_acknowledge()
        complaint.partner_id = self.plain_partner
        self.assertEqual(complaint.tier_id, self.tier_strategic)

    def test_long_target_beyond_horizon(self):
        # a target far beyond the first timeline read still lands right
        self.tier_strategic.write({"first_response_hours": 8, "resolution_hours": 900})
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        self.assertEqual(
            complaint.resolution_deadline,
            self.calendar_utc.plan_hours(
                900, self.dt(2026, 3, 2, 9, 0), compute_leaves=True
            ),
        )
