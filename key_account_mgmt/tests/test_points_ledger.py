from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_points import KamPointsCommon


@tagged("post_install", "-at_install")
class TestPointsLedger(KamPointsCommon):
    def test_earn_and_redeem(self):
        line = self.customer.kam_earn_points(100, "SO001")
        self.assertEqual(line.kind, "earn")
        self.assertEqual(line.points, 100)
        self.assertEqual(line.partner_id, self.customer)
        self.assertEqual(self.customer.kam_points_balance, 100)
        # Through a contact: booked on the commercial partner.
        redeem = self.customer_contact.kam_redeem_points(30, "Gift")
        self.assertEqual(redeem.kind, "redeem")
        self.assertEqual(redeem.points, -30)
        self.assertEqual(redeem.partner_id, self.customer)
        self.assertEqual(self.customer.kam_points_balance, 70)
        self.assertEqual(redeem.allocation_ids.source_line_id, line)
        self.assertEqual(line.remaining, 70)
        self.assertBalanceIsLedgerSum(self.customer)

    def test_redeem_more_than_balance_writes_nothing(self):
        self.customer.kam_earn_points(50, "SO001")
        count = self.Line.search_count([])
        with self.assertRaises(UserError):
            self.customer.kam_redeem_points(50.01, "Too much")
        self.assertEqual(self.Line.search_count([]), count)
        self.assertEqual(self.customer.kam_points_balance, 50)
        self.customer.kam_redeem_points(50, "All of it")
        self.assertEqual(self.customer.kam_points_balance, 0)
        with self.assertRaises(UserError):
            self.customer.kam_redeem_points(0.01, "Nothing left")

    def test_tier_multiplier(self):
        # Strategic tier: multiplier 2.0.
        line = self.account.kam_earn_points(10.5, "SO002")
        self.assertEqual(line.points, 21)
        self.assertEqual(self.account.kam_points_balance, 21)
        line = self.other_account.kam_earn_points(10, "SO003")  # Key: 1.5
        self.assertEqual(line.points, 15)

    def test_balance_is_ledger_sum_after_mix(self):
        partner = self.customer
        with freeze_time("2025-01-10"):
            partner.kam_earn_points(100, "A", expiry_date=date(2025, 3, 31))
            partner.kam_earn_points(40.25, "B")
            partner.kam_redeem_points(30.1, "R1")
            partner.with_user(self.kam_manager)._kam_adjust_points(12.5, "Goodwill")
            partner.with_user(self.kam_manager)._kam_adjust_points(-2.5, "Typo")
        self.assertBalanceIsLedgerSum(partner)
        with freeze_time("2025-04-02"):
            self.Line._cron_kam_points_expiry()
            self.assertBalanceIsLedgerSum(partner)
            # The redemption and the deduction consumed A first (it expires
            # first): 100 - 30.1 - 2.5 expired, 40.25 + 12.5 left.
            self.assertAlmostEqual(partner.kam_points_balance, 52.75)
            partner.kam_redeem_points(52.75, "R2")
        self.assertEqual(self.assertBalanceIsLedgerSum(partner), 0)

    def test_rounding(self):
        partner = self.customer
        partner.kam_earn_points(0.1, "a")
        partner.kam_earn_points(0.2, "b")
        partner.kam_earn_points(268.28, "c")
        partner.kam_earn_points(1.005, "d")  # rounds half up to 1.01
        self.assertEqual(partner.kam_points_balance, 269.59)
        self.assertEqual(self.assertBalanceIsLedgerSum(partner), 269.59)
        partner.kam_redeem_points(269.585, "all")  # rounds to 269.59
        self.assertEqual(partner.kam_points_balance, 0.0)
        self.Param.set_param("key_account_mgmt.points_precision", "0")
        line = partner.kam_earn_points(2.5, "e")
        self.assertEqual(line.points, 3)
        with self.assertRaises(UserError):
            partner.kam_earn_points(0.4, "rounds to zero")

    def test_write_unlink_refused_for_everyone(self):
        line = self.account.kam_earn_points(10, "SO")
        for user in (self.kam_user, self.kam_manager, self.env.ref("base.user_admin")):
            with self.assertRaises(UserError):
                line.with_user(user).write({"points": 1000})
            with self.assertRaises(UserError):
                line.with_user(user).unlink()
        with self.assertRaises(UserError):
            line.sudo().write({"note": "x"})
        with self.assertRaises(UserError):
            line.sudo().unlink()
        allocations = self.account.kam_redeem_points(5, "Gift").allocation_ids
        self.assertTrue(allocations)
        with self.assertRaises(UserError):
            allocations.sudo().unlink()
        with self.assertRaises(UserError):
            allocations.sudo().write({"points": 1})
        with self.assertRaises(UserError):
            self.account.sudo().write({"kam_points_balance": 1000})
        self.assertEqual(line.points, 20)

    def test_access(self):
        # The account's manager earns and redeems; another manager cannot.
        self.account.with_user(self.kam_user).kam_earn_points(10, "SO")
        self.account.with_user(self.kam_user).kam_redeem_points(5, "Gift")
        with self.assertRaises(AccessError):
            self.account.with_user(self.kam_user2).kam_redeem_points(1, "Gift")
        with self.assertRaises(AccessError):
            self.account.with_user(self.employee).kam_earn_points(1, "SO")
        # Ledger visible to the account's manager only.
        Line = self.env["kam.points.line"]
        self.assertEqual(
            Line.with_user(self.kam_user).search_count(
                [("partner_id", "=", self.account.id)]
            ),
            2,
        )
        self.assertEqual(
            Line.with_user(self.kam_user2).search_count(
                [("partner_id", "=", self.account.id)]
            ),
            0,
        )
        with self.assertRaises(AccessError):
            Line.with_user(self.kam_manager).create(
                {"partner_id": self.account.id, "kind": "earn", "points": 5}
            )

    def test_adjustment_rules(self):
        self.account.kam_earn_points(10, "SO")
        with self.assertRaises(AccessError):
            self.account.with_user(self.kam_user)._kam_adjust_points(5, "Gift")
        with self.assertRaises(UserError):
            self.account.with_user(self.kam_manager)._kam_adjust_points(5, " ")
        with self.assertRaises(UserError):
            # Not even the superuser writes an adjustment without a note.
            self.Line.sudo().create(
                {"partner_id": self.account.id, "kind": "adjust", "points": 5}
            )
        line = self.account.with_user(self.kam_manager)._kam_adjust_points(
            -5, "Wrongly credited"
        )
        self.assertEqual(line.kind, "adjust")
        self.assertEqual(self.account.kam_points_balance, 15)

    def test_merge_partners_keeps_the_ledger_and_balance(self):
        duplicate = self.env["res.partner"].create(
            {"name": "Lotus Trading Co. (duplicate)", "is_company": True}
        )
        self.customer.kam_earn_points(100, "SO1")
        duplicate.kam_earn_points(40, "SO2")
        duplicate.kam_redeem_points(10, "Gift")
        # The duplicate's referral was paid: the merged partner's must not be.
        duplicate.write(
            {"kam_referred_by_id": self.account.id, "kam_referral_awarded": True}
        )
        self.customer.write({"kam_referred_by_id": self.account.id})
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.env.ref("base.user_admin"))
            .create({})
        )
        wizard._merge((self.customer | duplicate).ids, self.customer)
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.customer.kam_points_balance, 130)
        self.assertBalanceIsLedgerSum(self.customer)
        self.assertTrue(self.customer.kam_referral_awarded)
        self.assertFalse(self.customer._kam_award_referral())
        self.assertEqual(
            self.customer.kam_member_level_id,
            self.env.ref("key_account_mgmt.kam_member_level_regular"),
        )

    def test_reward_rules(self):
        self.account.kam_earn_points(500, "SO")
        other_company = self.env["res.company"].create({"name": "Other Co."})
        foreign = self.env["kam.reward"].create(
            {"name": "Foreign", "points_cost": 10, "company_id": other_company.id}
        )
        with self.assertRaises(UserError):
            self.account.kam_redeem_points(0, False, reward=foreign)
        archived = self.env["kam.reward"].create(
            {"name": "Old", "points_cost": 10, "active": False}
        )
        with self.assertRaises(UserError):
            self.account.kam_redeem_points(0, False, reward=archived)
        reward = self.env["kam.reward"].create({"name": "Tea", "points_cost": 120})
        line = self.account.kam_redeem_points(None, None, reward=reward.id)
        self.assertEqual(
            (line.points, line.origin, line.reward_id), (-120, "Tea", reward)
        )
