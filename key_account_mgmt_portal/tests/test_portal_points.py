from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import KamPortalCommon


@tagged("post_install", "-at_install")
class TestPortalPoints(KamPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Param = cls.env["ir.config_parameter"].sudo()
        Param.set_param("key_account_mgmt.points_precision", "2")
        cls.tier_strategic.points_multiplier = 1.0
        cls.tier_key.points_multiplier = 1.0
        cls.account = cls.account.sudo()
        cls.account.kam_earn_points(300, "Order A-EARN-1", expiry_date=False)
        cls.account.kam_earn_points(
            75.5, "Order A-EARN-2", expiry_date=fields.Date.today() + timedelta(days=30)
        )
        cls.account.kam_redeem_points(50, "Gift A-REDEEM-1")
        cls.other_account.sudo().kam_earn_points(
            999, "Order B-SECRET-1", expiry_date=False
        )
        cls.reward_cheap = cls.env["kam.reward"].create(
            {"name": "Tea Set", "points_cost": 200}
        )
        cls.reward_dear = cls.env["kam.reward"].create(
            {"name": "Business Class Upgrade", "points_cost": 5000}
        )

    def test_points_page_shows_own_ledger(self):
        lines = self.env["kam.points.line"].search(
            [("partner_id", "=", self.account.id)]
        )
        self.assertEqual(len(lines), 3)
        ledger_sum = sum(lines.mapped("points"))
        self.assertAlmostEqual(ledger_sum, 325.5)
        self.authenticate("kam_portal_x", "kam_portal_x")
        response = self.url_open("/my/points")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn(
            f'o_kam_points_balance">{self.account._kam_format_points(ledger_sum)}<',
            text,
        )
        for origin in ("A-EARN-1", "A-EARN-2", "A-REDEEM-1"):
            self.assertIn(origin, text)
        self.assertNotIn("B-SECRET-1", text)
        self.assertEqual(text.count('class="o_kam_points_line"'), 3)
        # points expiring within 90 days: the 75.5 (the 300 never expire); the
        # redemption consumed the earliest expiry first: 75.5 - 50
        self.assertIn('o_kam_points_expiring">25.50<', text)
        # rewards the balance can buy
        self.assertIn("Tea Set", text)
        self.assertEqual(text.count("o_kam_redeem"), 1)

    def test_other_contact_of_other_account(self):
        self.authenticate("kam_portal_z", "kam_portal_z")
        text = self.url_open("/my/points").text
        self.assertIn("B-SECRET-1", text)
        self.assertNotIn("A-EARN-1", text)

    def test_redemption_request_creates_activity(self):
        activity_type = self.env.ref(
            "key_account_mgmt_portal.mail_activity_type_kam_redemption_request"
        )
        self.authenticate("kam_portal_x", "kam_portal_x")
        response = self.url_open(
            "/my/points/redeem",
            data={"csrf_token": self._csrf(), "reward_id": self.reward_cheap.id},
        )
        self.assertIn("Your request was sent to your account manager", response.text)
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.account.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.kam_user)
        self.assertIn("Tea Set", activity.summary)
        self.assertIn(self.account_contact.name, str(activity.note))
        # the points move only when the manager redeems
        self.assertAlmostEqual(self.account.kam_points_balance, 325.5)
        # the same reward again (a second click): refused, no second activity;
        # too dear, or another company's / unknown reward: refused, no activity
        for reward_id, message in (
            (self.reward_cheap.id, "You already asked to redeem Tea Set"),
            (self.reward_dear.id, "your balance is"),
            (999999, "This reward is not offered to your account."),
        ):
            response = self.url_open(
                "/my/points/redeem",
                data={"csrf_token": self._csrf(), "reward_id": reward_id},
            )
            self.assertIn(message, response.text)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("activity_type_id", "=", activity_type.id)]
            ),
            1,
        )

    def test_statement_own_account_only(self):
        self.authenticate("kam_portal_x", "kam_portal_x")
        response = self.url_open("/my/points/statement")
        self.assertEqual(response.status_code, 200)
        # tests render the report as HTML instead of running wkhtmltopdf
        self.assertIn("A-EARN-1", response.text)
        self.assertIn("A-REDEEM-1", response.text)
        self.assertNotIn("B-SECRET-1", response.text)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # the statement route takes no account: any id sent is ignored
        response = self.url_open(
            f"/my/points/statement?partner_id={self.other_account.id}"
        )
        self.assertNotIn("B-SECRET-1", response.text)
