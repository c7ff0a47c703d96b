"""The sales-figure refresh of the scores job, cut short and run again.

``ir.cron._kam_commit_progress`` returning 0 is the cron's time limit reached
after the first batch (in a cron run, that batch is committed).
"""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamSaleCommon


@tagged("post_install", "-at_install")
class TestSaleJobResume(KamSaleCommon):
    def test_sales_refresh_resumes(self):
        Partner = self.env["res.partner"]
        review_type = self.env.ref(
            "key_account_mgmt_sale.mail_activity_type_kam_review_tier"
        )
        self.tier_strategic.min_revenue_12m = 180
        self.account.kam_tier_id = self.tier_standard
        self._order(self.account, 200, date="2026-06-01")
        self._order(self.other_account, 100, date="2026-06-01")

        def reviews():
            return self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.account.id),
                    ("activity_type_id", "=", review_type.id),
                ]
            )

        with (
            freeze_time("2026-06-30"),
            patch(
                "odoo.addons.key_account_mgmt_sale.models.res_partner."
                "KAM_SALE_BATCH_SIZE",
                1,
            ),
        ):
            with patch.object(
                self.registry["ir.cron"], "_kam_commit_progress", return_value=0
            ) as progress:
                Partner._cron_kam_recompute_scores()
            # One call per customer batch of the refresh, each with what is
            # left; the figures are all refreshed, batch by batch.
            refresh_calls = [c.args for c in progress.call_args_list if c.args[0] == 1]
            self.assertGreaterEqual(len(refresh_calls), 2)
            self.assertEqual(refresh_calls[-1][1], 0)
            self.assertEqual(self.account.kam_revenue_12m, 200)
            self.assertEqual(self.other_account.kam_revenue_12m, 100)
            self.assertEqual(reviews(), 1)
            Partner._cron_kam_recompute_scores()
            Partner._cron_kam_recompute_scores()
        self.assertEqual(self.account.kam_revenue_12m, 200)
        self.assertEqual(reviews(), 1, "one tier review, never a duplicate")
