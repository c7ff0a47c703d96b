from freezegun import freeze_time

from odoo.tests import tagged

from .common_complaint import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintPerformance(KamComplaintCommon):
    """The SLA fields of a batch cost a bounded number of queries."""

    def _batch(self, size):
        Complaint = self.Complaint.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        self.tier_key.resource_calendar_id = self.calendar_shanghai
        partners = [self.account, self.account_contact, self.other_account]
        # Created at the end of the day: no complaint is received in the
        # future (issue 10).
        with freeze_time("2026-03-02 17:00:00"):
            complaints = Complaint.create(
                [
                    {
                        "subject": f"Complaint {index}",
                        "partner_id": partners[index % 3].id,
                        "date_received": self.dt(2026, 3, 2, 9 + index % 8, index % 60),
                        "user_id": self.kam_user.id,
                    }
                    for index in range(size)
                ]
            )
        self.assertEqual(len(complaints.calendar_id), 2)
        self.env.flush_all()
        self.env.invalidate_all()
        return complaints

    def _refresh_queries(self, complaints, count):
        # later: many become at risk or breached, all are recomputed
        with freeze_time("2026-03-02 16:30:00"), self.assertQueryCount(count):
            complaints._kam_refresh_sla()
        return complaints

    def test_refresh_1000_complaints(self):
        # 9 queries whatever the size: the complaints, the adjusted working
        # days, the calendars, and per calendar its attendances (2) and
        # holidays (1); then the ORM writes the changed statuses with one
        # UPDATE per 100 rows.
        small = self._batch(30)
        self._refresh_queries(small, 9 + 1)
        complaints = self._batch(1000)
        self._refresh_queries(complaints, 9 + 10)
        statuses = set(complaints.mapped("sla_status"))
        self.assertIn("at_risk", statuses)
        self.assertIn("on_track", statuses)

    def test_create_computes_in_batch(self):
        # creating computes the deadlines of the whole batch at once
        complaints = self._batch(1000)
        self.assertTrue(all(complaints.mapped("first_response_deadline")))
