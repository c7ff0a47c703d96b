import math
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common_points import KamPointsCommon


@tagged("post_install", "-at_install")
class TestPointsPerformance(KamPointsCommon):
    """Balances and levels of 1,000 partners in a bounded number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Loyal Customer {i}", "is_company": True} for i in range(1000)]
        )
        # Ledger lines written by SQL: the test is about reading them.
        cls.env.flush_all()
        cls.env.cr.execute(
            """
            INSERT INTO kam_points_line
                   (partner_id, date, points, kind, company_id, is_qualifying,
                    create_uid, create_date, write_uid, write_date)
            SELECT partner.id, CURRENT_DATE, 100 + (partner.id %% 50) * 30, 'earn',
                   %s, TRUE, 1, NOW(), 1, NOW()
              FROM res_partner AS partner
             WHERE partner.id = ANY(%s)
            """,
            [cls.env.company.id, cls.partners.ids],
        )
        cls.env.cr.execute(
            """
            UPDATE res_partner AS partner
               SET kam_points_balance = line.points
              FROM kam_points_line AS line
             WHERE line.partner_id = partner.id AND partner.id = ANY(%s)
            """,
            [cls.partners.ids],
        )
        cls.partners.invalidate_recordset()

    def test_recompute_levels_in_constant_queries(self):
        Partner = self.env["res.partner"]
        # One aggregate query per batch: the same count for 100 and 900 partners
        # (the tracking messages are created in batch too).
        with self.assertQueryCount(__system__=36):
            Partner._kam_recompute_member_levels(self.partners[:100])
        with self.assertQueryCount(__system__=36):
            Partner._kam_recompute_member_levels(self.partners[100:])
        with self.assertQueryCount(__system__=3):
            Partner._kam_recompute_member_levels(self.partners)  # no change

    def test_read_balances_and_levels(self):
        self.env["res.partner"]._kam_recompute_member_levels(self.partners)
        self.env.invalidate_all()
        partners = self.partners.with_user(self.kam_manager)
        with self.assertQueryCount(__system__=13):
            values = [
                (
                    p.kam_points_balance,
                    p.kam_member_level_id.name,
                    p.kam_qualifying_points,
                )
                for p in partners
            ]
        self.assertEqual(len(values), 1000)
        self.assertEqual(
            sum(v[0] for v in values), sum(v[2] for v in values), "balance = earned"
        )
        levels = {v[1] for v in values}
        self.assertEqual(levels, {"Regular", "Silver"})

    def _expiry_queries(self, partners):
        """Queries of one expiry batch over earnings of these partners."""
        Line = self.env["kam.points.line"]
        with freeze_time("2025-01-10"):
            sources = Line.browse()
            for partner in partners:
                sources |= partner.kam_earn_points(
                    40, "Spring fair", expiry_date=date(2025, 3, 31)
                )
            # Half of the first earning was spent: 20 points left to expire.
            partners[0].kam_redeem_points(20, "Umbrella")
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2025-04-01"):
            before = self.env.cr.sql_log_count
            created = Line._kam_expire_sources(sources.ids)
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(created), len(partners))
        self.assertEqual(created.source_line_id, sources)
        self.assertEqual(
            sorted(created.mapped("points")), [-40] * (len(partners) - 1) + [-20]
        )
        for partner in partners[:3]:
            self.assertBalanceIsLedgerSum(partner)
        self.assertEqual(
            partners[0].kam_points_balance, 100 + (partners[0].id % 50) * 30
        )
        return queries

    def test_expiry_batch_in_constant_queries(self):
        """Expiring 5 or 200 earnings: the same queries, but for the INSERTs.

        Five for the batch whatever its size (locking the accounts, reading
        what is left, updating the balances...), plus the ORM's INSERT
        statements of the expiry lines and of what they consume, one per 100
        rows each.
        """
        for partners in (self.partners[:5], self.partners[5:205]):
            inserts = 2 * math.ceil(len(partners) / 100)
            self.assertEqual(self._expiry_queries(partners), 5 + inserts)
