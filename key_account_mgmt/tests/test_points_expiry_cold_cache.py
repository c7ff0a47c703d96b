from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common_points import KamPointsCommon


@tagged("post_install", "-at_install")
class TestPointsExpiryColdCache(KamPointsCommon):
    """Reading the points precision may run a query (a worker that just
    started, a cleared cache): the expiry must not lose the rows it fetched
    before (a fresh cron worker once expired nothing and stopped)."""

    def test_expiry_survives_a_precision_read_that_queries(self):
        with freeze_time("2025-01-10"):
            earning = self.customer.kam_earn_points(
                40, "SO", expiry_date=date(2025, 3, 31)
            )
        Ledger = type(self.Line)
        precision = Ledger._kam_points_precision

        def cold_precision(line_model):
            # What a cold cache does: the setting is read from the database.
            line_model.env.cr.execute("SELECT key FROM ir_config_parameter LIMIT 1")
            return precision(line_model)

        with (
            freeze_time("2025-04-01"),
            patch.object(Ledger, "_kam_points_precision", cold_precision),
        ):
            self.Line._cron_kam_points_expiry()
        expired = self.Line.search([("kind", "=", "expire")])
        self.assertEqual(expired.source_line_id, earning)
        self.assertEqual(expired.points, -40)
        self.assertEqual(self.customer.kam_points_balance, 0)
        self.assertBalanceIsLedgerSum(self.customer)
