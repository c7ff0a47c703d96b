from freezegun import freeze_time

from odoo.tests import tagged

from .common_complaint import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintCron(KamComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warning_type = cls.env.ref(
            "key_account_mgmt.mail_activity_type_kam_sla_warning"
        )
        cls.breach_type = cls.env.ref(
            "key_account_mgmt.mail_activity_type_kam_sla_breach"
        )

    def _activities(self, complaint, activity_type):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "kam.complaint"),
                ("res_id", "=", complaint.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def _mails(self, complaint):
        return self.env["mail.mail"].search(
            [("model", "=", "kam.complaint"), ("res_id", "=", complaint.id)]
        )

    def _run_cron(self):
        return self.Complaint._cron_kam_complaint_sla()

    def test_cron_is_scheduled(self):
        cron = self.env.ref("key_account_mgmt.ir_cron_kam_complaint_sla")
        self.assertEqual(cron.model_id.model, "kam.complaint")
        self.assertTrue(cron.active)

    def test_warn_once_escalate_once(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._complaint(
                self.dt(2026, 3, 2, 9, 0), category_id=self.category.id
            )
            quiet = self._complaint(self.dt(2026, 3, 2, 9, 0))
            quiet.action_acknowledge()
        self.assertEqual(complaint.user_id, self.kam_user2)
        # 10:00: on track, nothing happens
        with freeze_time("2026-03-02 10:00:00"):
            warned, escalated = self._run_cron()
        self.assertFalse(warned | escalated)
        self.assertFalse(self._activities(complaint, self.warning_type))
        # 15:30: 1.5 h of 8 left, at risk: the responsible is warned once
        with freeze_time("2026-03-02 15:30:00"):
            warned, escalated = self._run_cron()
        self.assertEqual(warned, complaint)
        self.assertFalse(escalated)
        warning = self._activities(complaint, self.warning_type)
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.user_id, self.kam_user2)
        self.assertEqual(complaint.sla_warned_at, self.dt(2026, 3, 2, 15, 30))
        with freeze_time("2026-03-02 15:45:00"):
            warned, escalated = self._run_cron()
        self.assertFalse(warned | escalated)
        self.assertEqual(len(self._activities(complaint, self.warning_type)), 1)
        # 17:30: breached: the account manager gets an activity, the account
        # manager and the key-account managers an email, once
        with freeze_time("2026-03-02 17:30:00"):
            warned, escalated = self._run_cron()
        self.assertEqual(escalated, complaint)
        self.assertEqual(complaint.sla_status, "breached")
        breach = self._activities(complaint, self.breach_type)
        self.assertEqual(len(breach), 1)
        self.assertEqual(breach.user_id, self.kam_user)
        mails = self._mails(complaint)
        self.assertEqual(len(mails), 1)
        self.assertIn(self.kam_user.partner_id, mails.recipient_ids)
        self.assertIn(self.kam_manager.partner_id, mails.recipient_ids)
        self.assertNotIn(self.kam_user2.partner_id, mails.recipient_ids)
        self.assertIn(complaint.name, mails.subject)
        # the next runs change nothing
        for when in ("2026-03-02 17:45:00", "2026-03-03 09:00:00"):
            with freeze_time(when):
                warned, escalated = self._run_cron()
            self.assertFalse(warned | escalated)
        self.assertEqual(len(self._activities(complaint, self.breach_type)), 1)
        self.assertEqual(len(self._activities(complaint, self.warning_type)), 1)
        self.assertEqual(len(self._mails(complaint)), 1)
        # the acknowledged one was never at risk of its first response
        self.assertFalse(self._activities(quiet, self.warning_type))

    def test_breach_without_warning_and_waiting_ignored(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
            waiting = self._complaint(self.dt(2026, 3, 2, 9, 0))
            waiting.action_acknowledge()
            waiting.action_investigate()
            waiting.action_wait()
        with freeze_time("2026-03-05 09:00:00"):
            warned, escalated = self._run_cron()
        self.assertFalse(warned)
        self.assertEqual(escalated, complaint)
        self.assertFalse(self._activities(waiting, self.breach_type))
        self.assertEqual(waiting.sla_status, "on_track")

    def _cron_queries(self, size, when):
        with freeze_time("2026-03-02 09:00:00"):
            complaints = self.Complaint.create(
                [
                    {
                        "subject": f"Complaint {index}",
                        "partner_id": self.account.id,
                        "date_received": self.dt(2026, 3, 2, 9, 0),
                    }
                    for index in range(size)
                ]
            )
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(when):
            before = self.env.cr.sql_log_count
            warned, escalated = self._run_cron()
            self.env.flush_all()
            count = self.env.cr.sql_log_count - before
        self.assertEqual(len(warned | escalated), size)
        # out of the way of the next measure
        complaints._kam_moving().write({"state": "cancelled"})
        return count

    def test_cron_queries_do_not_grow_with_the_batch(self):
        # warnings (activities) and escalations (activities and emails) are
        # made in batch: far fewer extra queries than extra complaints (the
        # emails are rendered by chunks of 50)
        self._cron_queries(5, "2026-03-02 15:30:00")  # warm the caches
        for when in ("2026-03-02 15:30:00", "2026-03-02 17:30:00"):
            small = self._cron_queries(20, when)
            big = self._cron_queries(200, when)
            self.assertLess(big - small, 20)
