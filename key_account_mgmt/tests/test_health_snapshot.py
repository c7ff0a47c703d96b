from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_analysis import KamAnalysisCommon


@tagged("post_install", "-at_install")
class TestHealthSnapshot(KamAnalysisCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._make_account
        cls.mature = mk("Mature", cls.tier_key, cls.kam_user, "2023-01-01")
        # Last contact 2025-12-15: dormant from mid-June 2026, lost from
        # mid-December 2026.
        cls.fading = mk("Fading", cls.tier_standard, cls.kam_user2, "2020-01-01")
        cls.Interaction.create(
            [
                {"partner_id": cls.mature.id, "date": "2026-05-20", "summary": "Call"},
                {"partner_id": cls.fading.id, "date": "2025-12-15", "summary": "Call"},
            ]
        )
        cls.Snapshot = cls.env["kam.health.snapshot"]

    def _run_job(self, day):
        with freeze_time(day):
            self.Partner._cron_kam_recompute_scores()

    def _snapshots(self, account):
        return self.Snapshot.search([("partner_id", "=", account.id)], order="month")

    def test_once_per_account_and_month(self):
        self._run_job("2026-06-01")
        self._run_job("2026-06-01")
        self.assertEqual(len(self._snapshots(self.mature)), 1)
        self.assertEqual(len(self._snapshots(self.fading)), 1)
        first = self._snapshots(self.fading)
        self.assertEqual(str(first.month), "2026-06-01")
        self.assertEqual(first.lifecycle_stage, "mature")
        # Later in the month: the same row, with the month's latest state.
        self._log(self.mature, "2026-06-25")
        self._run_job("2026-06-30")
        self.assertEqual(len(self._snapshots(self.fading)), 1)
        self.assertEqual(first.lifecycle_stage, "dormant")
        self.assertEqual(first.previous_stage, False)
        self.assertEqual(first.became_dormant, 0)  # no snapshot the month before
        self.assertEqual(first.tier_id, self.tier_standard)
        self.assertEqual(first.manager_id, self.kam_user2)
        self.assertEqual(first.health_score, self.fading.kam_health_score)
        # Next months: one more row each, the latest marked.
        self._run_job("2026-07-03")
        self._run_job("2026-07-04")
        rows = self._snapshots(self.fading)
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows.mapped("is_last"), [False, True])
        self.assertEqual(rows[1].previous_stage, "dormant")

    def test_became_dormant_and_lost(self):
        self._run_job("2026-05-31")
        self._run_job("2026-06-30")
        june = self._snapshots(self.fading).filtered(lambda s: s.month.month == 6)
        self.assertEqual(june.previous_stage, "mature")
        self.assertEqual(june.lifecycle_stage, "dormant")
        self.assertEqual(june.became_dormant, 1)
        self.assertEqual(june.became_lost, 0)
        self._run_job("2026-12-20")
        self.fading.with_user(self.kam_user2)._kam_mark_lost(self.reason_price)
        self._run_job("2026-12-21")
        december = self._snapshots(self.fading)[-1]
        self.assertEqual(december.lifecycle_stage, "lost")
        self.assertEqual(december.became_lost, 1)
        self.assertEqual(december.churn_reason_id, self.reason_price)
        # A month later it is still lost, but did not become lost again.
        self._run_job("2027-01-05")
        january = self._snapshots(self.fading)[-1]
        self.assertEqual(january.became_lost, 0)
        self.assertEqual(january.churn_reason_id, self.reason_price)

    def test_batched_queries(self):
        """Writing the snapshots costs the same queries for 1 or 30 accounts."""
        more = self.Partner.create(
            [
                {
                    "name": f"Account {i}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": self.tier_key.id,
                    "kam_manager_id": self.kam_user.id,
                }
                for i in range(30)
            ]
        )
        today = date(2026, 6, 30)
        self.env.flush_all()
        with self.assertQueryCount(2):
            self.Snapshot._kam_write_snapshots(self.mature.ids, today)
        with self.assertQueryCount(2):
            self.Snapshot._kam_write_snapshots(more.ids, today)
        self.assertEqual(
            self.Snapshot.search_count([("partner_id", "in", more.ids)]), 30
        )

    def test_only_managers_read_snapshots(self):
        self._run_job("2026-06-30")
        self.assertEqual(
            self.Snapshot.with_user(self.kam_manager).search_count(
                [("partner_id", "in", (self.mature | self.fading).ids)]
            ),
            2,
        )
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.kam_user).search([])
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.kam_manager).create(
                {"partner_id": self.mature.id, "month": "2026-01-01"}
            )
