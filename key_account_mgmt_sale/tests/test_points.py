from odoo.tests import tagged

from .common import KamSaleCommon


@tagged("post_install", "-at_install")
class TestSalePoints(KamSaleCommon):
    """Points from purchases: 1 point per 100 untaxed by default, times the
    tier multiplier (strategic: 2.0, key: 1.5)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["kam.points.line"]

    def _lines(self, order):
        return self.Line.search([("sale_order_id", "=", order.id)], order="id")

    def test_earn_on_confirmation(self):
        order = self._order(
            self.account, 1234.0, confirm=False, user_id=self.salesman.id
        )
        # The salesperson, who has no key-account rights, confirms it.
        order.with_user(self.salesman).action_confirm()
        line = self._lines(order)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.kind, "earn")
        self.assertEqual(line.partner_id, self.account)
        self.assertEqual(line.origin, order.name)
        self.assertAlmostEqual(line.points, 24.68, places=2)  # 12.34 x 2.0
        self.assertAlmostEqual(self.account.kam_points_balance, 24.68, places=2)
        self.assertAlmostEqual(order.kam_points, 24.68, places=2)

    def test_order_of_a_contact_in_other_currency(self):
        # 800 at 8.0 = 100 in company currency: 1 point x 1.5 (key tier).
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.other_account.id}
        )
        order = self._order(contact, 800.0, "2026-06-10", currency=self.other_currency)
        line = self._lines(order)
        self.assertEqual(line.partner_id, self.other_account)
        self.assertAlmostEqual(line.points, 1.5, places=2)

    def test_cancel_writes_counter_entry(self):
        order = self._order(self.account, 500.0)
        earned = self._lines(order)
        self.assertAlmostEqual(self.account.kam_points_balance, 10.0, places=2)
        order.with_user(self.salesman).sudo()._action_cancel()
        lines = self._lines(order)
        self.assertEqual(len(lines), 2)
        counter = lines - earned
        self.assertEqual(counter.kind, "adjust")
        self.assertEqual(counter.corrected_line_id, earned)
        self.assertAlmostEqual(counter.points, -10.0, places=2)
        self.assertAlmostEqual(self.account.kam_points_balance, 0.0, places=2)
        self.assertEqual(order.kam_points, 0.0)

    def test_reconfirmation_is_idempotent(self):
        order = self._order(self.account, 500.0)
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        # Earned, taken back, earned again: 10 points net, never 20.
        self.assertEqual(self._lines(order).mapped("kind"), ["earn", "adjust", "earn"])
        self.assertAlmostEqual(order.kam_points, 10.0, places=2)
        # Earning again for an order that has its points does nothing.
        self.assertFalse(order._kam_earn_points())
        self.assertAlmostEqual(self.account.kam_points_balance, 10.0, places=2)
        # A second cancellation takes back only the open earning.
        order._action_cancel()
        order._action_cancel()
        self.assertAlmostEqual(order.kam_points, 0.0, places=2)
        self.assertAlmostEqual(self.account.kam_points_balance, 0.0, places=2)

    def test_cancel_after_points_were_spent(self):
        """Cancelling is never blocked: what was redeemed cannot come back."""
        order = self._order(self.account, 500.0)
        self.account.kam_redeem_points(6.0, "Gift")
        order._action_cancel()
        counter = self._lines(order).filtered(lambda line: line.kind == "adjust")
        self.assertAlmostEqual(counter.points, -4.0, places=2)
        self.assertAlmostEqual(self.account.kam_points_balance, 0.0, places=2)
        self.assertIn(
            "could not be taken back", self.account.message_ids[:1].body or ""
        )

    def test_reconfirmation_after_points_were_spent(self):
        """A re-confirmed order earns back only what its cancellation took."""
        order = self._order(self.account, 500.0)
        self.account.kam_redeem_points(6.0, "Gift")
        order._action_cancel()  # takes back the 4 points left
        order.action_draft()
        order.action_confirm()
        self.assertEqual(self._lines(order).mapped("points"), [10.0, -4.0, 4.0])
        self.assertAlmostEqual(order.kam_points, 10.0, places=2)
        self.assertAlmostEqual(self.account.kam_points_balance, 4.0, places=2)
        self.assertFalse(order._kam_earn_points())

    def test_no_points(self):
        # Not a key account.
        order = self._order(self.plain_partner, 1000.0)
        self.assertFalse(self._lines(order))
        # Earning from purchases turned off (0 points, kept as 0).
        self._set_param("sale_points", 0)
        order = self._order(self.account, 1000.0)
        self.assertFalse(self._lines(order))
        # Less than one hundredth of a point.
        self._set_param("sale_points", 1)
        self._set_param("sale_points_amount", 100000)
        order = self._order(self.other_account, 0.5)
        self.assertFalse(self._lines(order))

    def test_earn_on_invoice_posting(self):
        self._set_param("sale_points_trigger", "invoice")
        order = self._order(self.account, 500.0)
        self.assertFalse(self._lines(order), "no points on confirmation")
        invoice = order._create_invoices()
        invoice.action_post()
        line = self.Line.search([("account_move_id", "=", invoice.id)])
        self.assertEqual(line.kind, "earn")
        self.assertAlmostEqual(line.points, 10.0, places=2)
        self.assertEqual(line.origin, invoice.name)
        # Reset to draft: counter-entry; posted again: earned again, once.
        invoice.button_draft()
        self.assertAlmostEqual(self.account.kam_points_balance, 0.0, places=2)
        invoice.action_post()
        self.assertAlmostEqual(self.account.kam_points_balance, 10.0, places=2)
        # A credit note of the whole invoice takes the points back.
        reversal = invoice._reverse_moves()
        reversal.action_post()
        self.assertAlmostEqual(self.account.kam_points_balance, 0.0, places=2)
        # Cancelling the order does not touch invoice points.
        self.assertFalse(self._lines(order))

    def test_referral_on_first_sale(self):
        self._set_param("referral_trigger", "first_sale")
        newcomer = self.env["res.partner"].create(
            {
                "name": "Referred Newcomer Ltd",
                "is_company": True,
                "kam_referred_by_id": self.other_account.id,
            }
        )
        self.assertFalse(newcomer.kam_referral_awarded)
        self.assertAlmostEqual(self.other_account.kam_points_balance, 0.0)
        quotation = self._order(newcomer, 100.0, confirm=False)
        self.assertAlmostEqual(self.other_account.kam_points_balance, 0.0)
        quotation.action_confirm()
        self.assertTrue(newcomer.kam_referral_awarded)
        # 100 referral points x 1.5 (key tier of the referrer).
        self.assertAlmostEqual(self.other_account.kam_points_balance, 150.0, places=2)
        self._order(newcomer, 100.0)
        self.assertAlmostEqual(self.other_account.kam_points_balance, 150.0, places=2)

    def test_no_double_earning_when_the_trigger_changes(self):
        order = self._order(self.account, 500.0)
        self._set_param("sale_points_trigger", "invoice")
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertFalse(self.Line.search([("account_move_id", "=", invoice.id)]))
        self.assertAlmostEqual(self.account.kam_points_balance, 10.0, places=2)
        # And the other way round.
        order2 = self._order(self.account, 1000.0)
        invoice2 = order2._create_invoices()
        invoice2.action_post()
        self.assertAlmostEqual(self.account.kam_points_balance, 30.0, places=2)
        self._set_param("sale_points_trigger", "order")
        self.assertFalse(order2._kam_earn_points())
        self.assertAlmostEqual(self.account.kam_points_balance, 30.0, places=2)
