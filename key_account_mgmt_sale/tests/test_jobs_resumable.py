"""The sales-figure refresh of the scores job, cut short and run again.

``ir.cron._kam_commit_progress`` returning 0 is the cron's time limit reached
after the first batch (in a cron run, that batch is committed): the job stops
there, the next run refreshes the customers left (none twice), and a third
run the same day refreshes nobody.
"""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

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
        # Figures to refresh: as if the orders had been confirmed long ago.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET kam_revenue_12m = 0, kam_order_count_12m = 0"
                " WHERE id = ANY(%s)",
                [self.account.id, self.other_account.id],
            )
        )
        self.env.invalidate_all()

        def reviews():
            return self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.account.id),
                    ("activity_type_id", "=", review_type.id),
                ]
            )

        refreshed = []
        refresh = type(Partner)._kam_refresh_sales_figures

        def spy(partner_self, partner_ids, **kwargs):
            refreshed.extend(partner_ids)
            return refresh(partner_self, partner_ids, **kwargs)

        today = date(2026, 6, 30)
        with (
            freeze_time("2026-06-30"),
            patch(
                "odoo.addons.key_account_mgmt_sale.models.res_partner."
                "KAM_SALE_BATCH_SIZE",
                1,
            ),
            patch.object(type(Partner), "_kam_refresh_sales_figures", spy),
        ):
            customers = Partner._kam_sales_customer_ids()
            self.assertIn(self.account.id, customers)
            self.assertIn(self.other_account.id, customers)
            with patch.object(
                self.registry["ir.cron"], "_kam_commit_progress", return_value=0
            ) as progress:
                self.assertIs(Partner._cron_kam_recompute_scores(), False)
            # Stopped after the first customer: one done, the others left;
            # no tier review, no health score yet.
            self.assertEqual(progress.call_count, 1, "stopped after one batch")
            self.assertEqual(progress.call_args.args, (1, len(customers) - 1))
            self.assertEqual(len(refreshed), 1)
            self.assertEqual(
                Partner.search_count([("kam_sales_refresh_date", "=", today)]), 1
            )
            self.assertEqual(reviews(), 0)
            self.assertFalse(self.account.kam_health_date)
            # The next run goes on with the customers left, each once.
            self.assertIs(Partner._cron_kam_recompute_scores(), True)
            self.assertEqual(sorted(refreshed), sorted(customers))
            self.assertEqual(self.account.kam_revenue_12m, 200)
            self.assertEqual(self.other_account.kam_revenue_12m, 100)
            self.assertEqual(self.account.kam_health_date, today)
            self.assertEqual(reviews(), 1)
            # Run again the same day: nobody refreshed twice.
            Partner._cron_kam_recompute_scores()
            self.assertEqual(sorted(refreshed), sorted(customers))
        self.assertEqual(self.account.kam_revenue_12m, 200)
        self.assertEqual(reviews(), 1, "one tier review, never a duplicate")
