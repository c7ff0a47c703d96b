from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_points import KamPointsCommon


@tagged("post_install", "-at_install")
class TestPointsLevels(KamPointsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regular = cls.env.ref("key_account_mgmt.kam_member_level_regular")
        cls.silver = cls.env.ref("key_account_mgmt.kam_member_level_silver")
        cls.gold = cls.env.ref("key_account_mgmt.kam_member_level_gold")
        cls.env["kam.member.level"].search(
            [("id", "not in", (cls.regular | cls.silver | cls.gold).ids)]
        ).active = False
        cls.regular.min_points = 0
        cls.silver.min_points = 1000
        cls.gold.min_points = 5000

    def _level_trackings(self, partner):
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id)], order="id"
        )
        return [
            (value.old_value_char, value.new_value_char)
            for value in messages.tracking_value_ids
            if value.field_id.name == "kam_member_level_id"
        ]

    def _level_mails(self, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("mail_message_id.subject", "ilike", "member level"),
            ],
            order="id",
        )

    def test_level_follows_qualifying_points_of_12_months(self):
        partner = self.customer
        scores = self.env["res.partner"]
        with freeze_time("2025-01-15"):
            partner.kam_earn_points(1200, "SO1")
            self.assertEqual(partner.kam_member_level_id, self.silver)
            # Redeeming does not change the level.
            partner.kam_redeem_points(1000, "Gift")
            self.assertEqual(partner.kam_member_level_id, self.silver)
        with freeze_time("2025-06-01"):
            partner.kam_earn_points(4000, "SO2")
            self.assertEqual(partner.kam_member_level_id, self.gold)
            self.assertEqual(partner.kam_qualifying_points, 5200)
        with freeze_time("2026-01-20"):
            # SO1 is older than 12 months: 4000 points left, Silver.
            scores._cron_kam_recompute_scores()
            self.assertEqual(partner.kam_member_level_id, self.silver)
        with freeze_time("2026-06-05"):
            scores._cron_kam_recompute_scores()
            self.assertEqual(partner.kam_member_level_id, self.regular)
            scores._cron_kam_recompute_scores()
        self.assertEqual(
            self._level_trackings(partner),
            [
                ("", "Silver"),
                ("Silver", "Gold"),
                ("Gold", "Silver"),
                ("Silver", "Regular"),
            ],
        )
        mails = self._level_mails(partner)
        self.assertEqual(len(mails), 4)
        self.assertIn("Congratulations", mails[1].body_html)
        self.assertIn("Gold", mails[1].subject)
        # Points read like amounts: 5,200 earned, 4,200 left (not 5200.0).
        self.assertIn("5,200 points earned", mails[1].body_html)
        self.assertIn("balance: 4,200 points", mails[1].body_html)
        self.assertNotIn("Congratulations", mails[3].body_html)
        self.assertIn("Regular", mails[3].subject)
        self.assertEqual(mails.recipient_ids, partner)

    def test_adjustments_qualify_corrections_of_redemptions_do_not(self):
        partner = self.customer.with_user(self.kam_manager)
        with freeze_time("2025-03-01"):
            self.customer.kam_earn_points(900, "SO")
            redeem = self.customer.kam_redeem_points(500, "Gift")
            partner._kam_adjust_points(50, "Goodwill")
            self.assertEqual(self.customer.kam_member_level_id, self.regular)
            partner._kam_adjust_points(0, "Gift cancelled", corrected_line=redeem)
            self.assertEqual(self.customer.kam_points_balance, 950)
            self.assertEqual(self.customer.kam_qualifying_points, 950)
            self.assertEqual(self.customer.kam_member_level_id, self.regular)
            partner._kam_adjust_points(50, "Fair compensation")
            self.assertEqual(self.customer.kam_member_level_id, self.silver)

    def test_key_accounts_get_a_level_from_the_scores_cron(self):
        self.assertFalse(self.other_account.kam_member_level_id)
        self.env["res.partner"]._cron_kam_recompute_scores()
        self.assertEqual(self.other_account.kam_member_level_id, self.regular)
        # The base level is tracked, not announced.
        self.assertEqual(self._level_trackings(self.other_account), [("", "Regular")])
        self.assertFalse(self._level_mails(self.other_account))

    def test_level_is_not_written_by_hand(self):
        with self.assertRaises(UserError):
            self.account.with_user(self.kam_manager).write(
                {"kam_member_level_id": self.gold.id}
            )
        with self.assertRaises(UserError):
            self.account.with_user(self.kam_manager).write(
                {"kam_referral_awarded": True}
            )
