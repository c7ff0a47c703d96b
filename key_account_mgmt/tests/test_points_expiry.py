from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_points import KamPointsCommon


@tagged("post_install", "-at_install")
class TestPointsExpiry(KamPointsCommon):
    def test_default_validity(self):
        self.Param.set_param("key_account_mgmt.points_validity_months", "12")
        with freeze_time("2025-02-10"):
            line = self.customer.kam_earn_points(10, "SO")
            self.assertEqual(line.expiry_date, date(2026, 2, 10))
            line = self.customer.kam_earn_points(10, "SO", expiry_date=False)
            self.assertFalse(line.expiry_date)
        self.Param.set_param("key_account_mgmt.points_validity_months", "0")
        self.assertFalse(self.customer.kam_earn_points(10, "SO").expiry_date)

    def test_redemptions_consume_first_expiring_points_first(self):
        partner = self.customer
        with freeze_time("2025-01-10"):
            a = partner.kam_earn_points(100, "A", expiry_date=date(2025, 6, 30))
            b = partner.kam_earn_points(100, "B", expiry_date=date(2025, 3, 31))
            c = partner.kam_earn_points(100, "C", expiry_date=False)
            d = partner.kam_earn_points(100, "D", expiry_date=date(2025, 12, 31))
            first = partner.kam_redeem_points(150, "R1")
            self.assertEqual(
                [(x.source_line_id, x.points) for x in first.allocation_ids],
                [(b, 100), (a, 50)],
            )
            second = partner.kam_redeem_points(200, "R2")
            self.assertEqual(
                [(x.source_line_id, x.points) for x in second.allocation_ids],
                [(a, 50), (d, 100), (c, 50)],
            )
            self.assertEqual((a | b | c | d).mapped("remaining"), [0, 0, 50, 0])
        self.assertBalanceIsLedgerSum(partner)

    def test_expiry_cron_is_idempotent(self):
        partner, other = self.customer, self.account
        with freeze_time("2025-01-10"):
            a = partner.kam_earn_points(100, "A", expiry_date=date(2025, 3, 31))
            partner.kam_earn_points(50, "B", expiry_date=date(2025, 9, 30))
            partner.kam_redeem_points(30, "R1")  # from A
            o = other.kam_earn_points(10, "O", expiry_date=date(2025, 3, 31))  # 20
            used = partner.kam_earn_points(5, "U", expiry_date=date(2025, 3, 31))
            partner.kam_redeem_points(5, "R2")  # all of U... after A (same day)
        self.assertEqual(used.remaining, 5)  # R2 took A (older id) first
        with freeze_time("2025-03-31"):
            self.Line._cron_kam_points_expiry()  # still valid on the last day
            self.assertFalse(self.Line.search([("kind", "=", "expire")]))
        with freeze_time("2025-04-01"):
            self.Line._cron_kam_points_expiry(batch_size=1)
            expired = self.Line.search([("kind", "=", "expire")])
            self.assertEqual(len(expired), 3)
            by_source = {line.source_line_id: line.points for line in expired}
            self.assertEqual(by_source, {a: -65, o: -20, used: -5})
            self.Line._cron_kam_points_expiry()
            self.Line._kam_expire_sources((a | o | used).ids)
            self.assertEqual(self.Line.search([("kind", "=", "expire")]), expired)
        self.assertEqual(partner.kam_points_balance, 50)
        self.assertEqual(other.kam_points_balance, 0)
        self.assertBalanceIsLedgerSum(partner)
        self.assertBalanceIsLedgerSum(other)
        # Another expiry line for the same earning is refused.
        with self.assertRaises(UserError):
            self.Line.sudo().create(
                {
                    "partner_id": partner.id,
                    "kind": "expire",
                    "points": -1,
                    "source_line_id": a.id,
                }
            )

    def test_redemption_removes_expired_points_first(self):
        partner = self.customer
        with freeze_time("2025-01-10"):
            partner.kam_earn_points(100, "A", expiry_date=date(2025, 3, 31))
            partner.kam_earn_points(30, "B", expiry_date=False)
        with freeze_time("2025-04-15"):
            # The cron did not run yet: the balance still shows A.
            self.assertEqual(partner.kam_points_balance, 130)
            with self.assertRaises(UserError):
                partner.kam_redeem_points(100, "Too much")
            line = partner.kam_redeem_points(30, "Gift")
            self.assertEqual(line.allocation_ids.source_line_id.origin, "B")
            self.assertEqual(partner.kam_points_balance, 0)
            self.assertEqual(self.Line.search_count([("kind", "=", "expire")]), 1)
        self.assertBalanceIsLedgerSum(partner)

    @freeze_time("2025-02-01")
    def test_corrections(self):
        partner = self.customer
        manager_partner = partner.with_user(self.kam_manager)
        earn = partner.kam_earn_points(100, "SO1", expiry_date=date(2025, 12, 31))
        wrong = partner.kam_earn_points(40, "SO2 (booked twice)")
        redeem = partner.kam_redeem_points(60, "Gift")
        # The counter-entry of an unused earning takes its points back.
        counter = manager_partner._kam_adjust_points(
            0, "Booked twice", corrected_line=wrong
        )
        self.assertEqual(counter.points, -40)
        self.assertEqual(counter.corrected_line_id, wrong)
        self.assertTrue(wrong.is_corrected)
        self.assertEqual(wrong.remaining, 0)
        # A line is corrected once only.
        with self.assertRaises(UserError):
            manager_partner._kam_adjust_points(0, "Again", corrected_line=wrong)
        # An earning whose points were spent cannot be corrected in full.
        with self.assertRaises(UserError):
            manager_partner._kam_adjust_points(0, "Wrong", corrected_line=earn)
        # The counter-entry of a redemption gives the points back, with the
        # validity of the points it had used; it does not qualify for levels.
        back = manager_partner._kam_adjust_points(
            0, "Gift cancelled", corrected_line=redeem
        )
        self.assertEqual(back.points, 60)
        self.assertEqual(back.expiry_date, date(2025, 12, 31))
        self.assertFalse(back.is_qualifying)
        self.assertBalanceIsLedgerSum(partner)
        self.assertEqual(partner.kam_points_balance, 100)
        # The Correct action opens the wizard on the line.
        action = earn.with_user(self.kam_manager).action_kam_correct()
        self.assertEqual(action["res_model"], "kam.points.adjust.wizard")
        self.assertEqual(action["context"]["default_corrected_line_id"], earn.id)
        with self.assertRaises(UserError):
            redeem.with_user(self.kam_manager).action_kam_correct()
        with self.assertRaises(UserError):
            back.with_user(self.kam_manager).action_kam_correct()
        with self.assertRaises(UserError):
            manager_partner._kam_adjust_points(0, "Undo", corrected_line=back)

    def test_expiry_cron_record(self):
        cron = self.env.ref("key_account_mgmt.ir_cron_kam_points_expiry")
        self.assertEqual(cron.model_id.model, "kam.points.line")
        self.assertIn("_cron_kam_points_expiry", cron.code)
        self.assertTrue(cron.active)

    @freeze_time("2025-05-01")
    def test_expiring_soon_filter(self):
        partner = self.customer
        soon = partner.kam_earn_points(10, "Soon", expiry_date=date(2025, 5, 20))
        used = partner.kam_earn_points(5, "Used", expiry_date=date(2025, 5, 10))
        partner.kam_earn_points(10, "Later", expiry_date=date(2025, 8, 1))
        partner.kam_earn_points(10, "Never", expiry_date=False)
        partner.kam_redeem_points(5, "Gift")  # consumes "Used"
        self.assertFalse(used.has_remaining)
        self.assertTrue(soon.has_remaining)
        left = self.Line.search(
            [("partner_id", "=", partner.id), ("has_remaining", "=", True)]
        )
        self.assertEqual(set(left.mapped("origin")), {"Soon", "Later", "Never"})
        consumed = self.Line.search(
            [("partner_id", "=", partner.id), ("has_remaining", "=", False)]
        )
        self.assertEqual(consumed.mapped("kind"), ["redeem", "earn"])

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {
                "kam_points_validity_months": 0,
                "kam_points_precision": 0,
                "kam_referral_points": 50,
                "kam_referral_trigger": "first_sale",
            }
        )
        settings.execute()
        line = self.customer.kam_earn_points(10.4, "SO")
        self.assertFalse(line.expiry_date)  # 0 months: never expires
        self.assertEqual(line.points, 10)  # 0 decimals
        self.assertEqual(
            self.Param.get_param("key_account_mgmt.referral_trigger"), "first_sale"
        )
        with self.assertRaises(UserError):
            self.env["res.config.settings"].create({"kam_points_precision": 3})
