import threading
import time

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPointsConcurrency(TransactionCase):
    """Two real transactions redeem against a balance that covers only one.

    The data is committed (the transactions must see it), and removed again
    in the cleanup.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            partner = env["res.partner"].create(
                {"name": "Concurrent Redemptions Ltd", "is_company": True}
            )
            partner.kam_earn_points(100, "Committed earning", expiry_date=False)
            self.partner_id = partner.id
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            ids = [self.partner_id]
            cr.execute(
                "DELETE FROM kam_points_allocation WHERE partner_id = ANY(%s)", [ids]
            )
            cr.execute(
                "DELETE FROM kam_points_line WHERE partner_id = ANY(%s)"
                " AND kind <> 'earn'",
                [ids],
            )
            cr.execute("DELETE FROM kam_points_line WHERE partner_id = ANY(%s)", [ids])
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'res.partner'"
                " AND res_id = ANY(%s)",
                [ids],
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = 'res.partner'"
                " AND res_id = ANY(%s)",
                [ids],
            )
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [ids])

    def _committed_state(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT kam_points_balance FROM res_partner WHERE id = %s",
                [self.partner_id],
            )
            balance = float(cr.fetchone()[0])
            cr.execute(
                "SELECT COALESCE(SUM(points), 0),"
                " COUNT(*) FILTER (WHERE kind = 'redeem')"
                " FROM kam_points_line WHERE partner_id = %s",
                [self.partner_id],
            )
            ledger, redemptions = cr.fetchone()
        return balance, float(ledger), redemptions

    def test_two_concurrent_redemptions_exactly_one_succeeds(self):
        outcome = {}
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            partner1 = env1["res.partner"].browse(self.partner_id)
            partner2 = env2["res.partner"].browse(self.partner_id)
            # Both transactions start and see the 100 points.
            self.assertEqual(partner1.kam_points_balance, 100)
            self.assertEqual(partner2.kam_points_balance, 100)

            # The first one redeems 80 and holds the lock until it commits.
            partner1.kam_redeem_points(80, "First redemption")

            def second_redemption():
                try:
                    partner2.kam_redeem_points(80, "Second redemption")
                    cr2.commit()
                    outcome["first_try"] = "committed"
                except SerializationFailure:
                    outcome["first_try"] = "serialization failure"
                    cr2.rollback()
                    env2.transaction.reset()
                    # What Odoo's request layer does: retry on a new snapshot.
                    try:
                        partner2.kam_redeem_points(80, "Second redemption")
                        cr2.commit()
                        outcome["retry"] = "committed"
                    except UserError as error:
                        outcome["retry"] = error
                        cr2.rollback()

            thread = threading.Thread(target=second_redemption)
            thread.start()
            time.sleep(0.5)
            self.assertTrue(
                thread.is_alive(), "the second redemption waits for the lock"
            )
            cr1.commit()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
        finally:
            cr1.close()
            cr2.close()

        self.assertEqual(outcome.get("first_try"), "serialization failure")
        self.assertIsInstance(outcome.get("retry"), UserError)
        self.assertIn("20", str(outcome["retry"]))
        balance, ledger, redemptions = self._committed_state()
        self.assertEqual(redemptions, 1, "exactly one redemption succeeded")
        self.assertEqual(balance, 20)
        self.assertEqual(ledger, 20)

    def test_overlapping_transaction_cannot_spend_on_old_snapshot(self):
        """A transaction that started before another one committed its
        redemption fails instead of spending on its stale balance."""
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # The second transaction takes its snapshot first.
            self.assertEqual(
                env2["res.partner"].browse(self.partner_id).kam_points_balance, 100
            )
            env1["res.partner"].browse(self.partner_id).kam_redeem_points(60, "First")
            cr1.commit()
            with self.assertRaises(SerializationFailure):
                env2["res.partner"].browse(self.partner_id).kam_redeem_points(
                    60, "Second"
                )
            cr2.rollback()
        finally:
            cr1.close()
            cr2.close()
        balance, ledger, redemptions = self._committed_state()
        self.assertEqual((balance, ledger, redemptions), (40, 40, 1))
