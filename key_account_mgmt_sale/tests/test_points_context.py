from odoo.tests import tagged

from .common import KamSaleCommon


@tagged("post_install", "-at_install")
class TestSalePointsContext(KamSaleCommon):
    """The document a purchase's points are booked on is the one confirmed or
    posted: no context key (``default_*``) changes it."""

    def test_context_cannot_change_the_source_document(self):
        other_order = self._order(self.other_account, 100.0)
        invoice = other_order._create_invoices()
        context = {
            "default_sale_order_id": other_order.id,
            "default_account_move_id": invoice.id,
            "default_note": "FROM THE CONTEXT",
        }
        Line = self.env["kam.points.line"]
        for sudo in (False, True):
            order = self._order(
                self.account, 500.0, confirm=False, user_id=self.salesman.id
            )
            order.with_user(self.salesman).sudo(sudo).with_context(
                **context
            ).action_confirm()
            line = Line.search([("sale_order_id", "=", order.id)])
            self.assertEqual(len(line), 1)
            self.assertEqual(line.origin, order.name)
            self.assertFalse(line.account_move_id)
            self.assertNotEqual(line.note, "FROM THE CONTEXT")
            # Posting or cancelling the other documents leaves it alone.
            other_order._action_cancel()
            self.assertEqual(order.kam_points, 10.0)
            other_order.action_draft()
            other_order.action_confirm()
        self.assertFalse(Line.search([("account_move_id", "=", invoice.id)]))
