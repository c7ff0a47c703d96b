from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_points import KamPointsCommon


@tagged("post_install", "-at_install")
class TestPointsWizard(KamPointsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reward = cls.env["kam.reward"].create(
            {"name": "Tea Box", "points_cost": 300}
        )
        cls.account.kam_earn_points(500, "SO")  # x2: 1000 points

    def _redeem_form(self, user, partner):
        action = partner.with_user(user).action_kam_redeem_points()
        return Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )

    def test_redeem_reward(self):
        form = self._redeem_form(self.kam_user, self.account)
        self.assertEqual(form.balance, 1000)
        form.reward_id = self.reward
        form.quantity = 2
        self.assertEqual(form.points_to_redeem, 600)
        self.assertEqual(form.balance_after, 400)
        form.save().action_redeem()
        line = self.Line.search([("partner_id", "=", self.account.id)], limit=1)
        self.assertEqual(
            (line.kind, line.points, line.reward_id), ("redeem", -600, self.reward)
        )
        self.assertEqual(self.account.kam_points_balance, 400)
        self.assertEqual(self.reward.redemption_count, 1)

    def test_redeem_points_and_refusals(self):
        form = self._redeem_form(self.kam_user, self.account)
        form.mode = "points"
        form.points = 1000.01
        form.origin = "Discount on S00042"
        wizard = form.save()
        with self.assertRaises(UserError):
            wizard.action_redeem()
        form = self._redeem_form(self.kam_user, self.account)
        form.mode = "points"
        form.points = 250
        form.origin = "Discount on S00042"
        form.save().action_redeem()
        self.assertEqual(self.account.kam_points_balance, 750)
        # Not for the accounts of others.
        with self.assertRaises(AccessError):
            self.account.with_user(self.kam_user2).action_kam_redeem_points()
        with self.assertRaises(AccessError):
            self.account.with_user(self.kam_user2).kam_redeem_points(1, "x")

    def test_adjust_wizard(self):
        with self.assertRaises(AccessError):
            self.account.with_user(self.kam_user).action_kam_adjust_points()
        action = self.account.with_user(self.kam_manager).action_kam_adjust_points()
        Wizard = self.env[action["res_model"]].with_user(self.kam_manager)
        form = Form(Wizard.with_context(**action["context"]))
        form.points = -100
        form.note = "Duplicate credit"
        form.save().action_adjust()
        line = self.Line.search([("partner_id", "=", self.account.id)], limit=1)
        self.assertEqual(
            (line.kind, line.points, line.note), ("adjust", -100, "Duplicate credit")
        )
        # Correct: the counter-entry of the adjustment.
        action = line.with_user(self.kam_manager).action_kam_correct()
        form = Form(Wizard.with_context(**action["context"]))
        self.assertEqual(form.points, 100)
        form.note = "The credit was right after all"
        form.save().action_adjust()
        self.assertEqual(self.account.kam_points_balance, 1000)
        self.assertTrue(line.is_corrected)
        # A manual adjustment without a note is refused.
        wizard = Wizard.with_context(**action["context"]).create(
            {"partner_id": self.account.id, "points": 10}
        )
        with self.assertRaises(UserError):
            wizard.action_adjust()

    def test_referral_awarded_once_when_marked_key_account(self):
        prospect = self.env["res.partner"].create(
            {"name": "Referred Co.", "is_company": True}
        )
        prospect.with_user(self.kam_user).kam_referred_by_id = self.account
        self.assertFalse(prospect.kam_referral_awarded)
        prospect.with_user(self.kam_manager).write(
            {
                "is_key_account": True,
                "kam_tier_id": self.tier_standard.id,
                "kam_manager_id": self.kam_user2.id,
            }
        )
        self.assertTrue(prospect.kam_referral_awarded)
        line = self.Line.search([("partner_id", "=", self.account.id)], limit=1)
        self.assertEqual(line.points, 200)  # 100 x the Strategic multiplier
        self.assertIn("Referred Co.", line.origin)
        self.assertFalse(prospect._kam_award_referral())
        prospect.with_user(self.kam_manager).is_key_account = False
        prospect.with_user(self.kam_manager).is_key_account = True
        self.assertEqual(self.account.kam_points_balance, 1200)

    def test_referral_on_first_sale_trigger(self):
        self.Param.set_param("key_account_mgmt.referral_trigger", "first_sale")
        prospect = self.env["res.partner"].create(
            {
                "name": "Referred by sale",
                "is_company": True,
                "kam_referred_by_id": self.other_account.id,
                "is_key_account": True,
                "kam_tier_id": self.tier_standard.id,
                "kam_manager_id": self.kam_user.id,
            }
        )
        self.assertFalse(prospect.kam_referral_awarded)
        lines = prospect._kam_award_referral()
        self.assertEqual(lines.points, 150)  # Key tier: x1.5
        self.assertEqual(lines.partner_id, self.other_account)
        self.assertFalse(prospect._kam_award_referral())
        self.assertEqual(self.other_account.kam_points_balance, 150)
        with self.assertRaises(UserError):
            prospect.kam_referred_by_id = prospect

    def test_points_statement_report(self):
        self.account.kam_redeem_points(0, False, reward=self.reward)
        report = self.env["ir.actions.report"].with_user(self.kam_user)
        html, _type = report._render_qweb_html(
            "key_account_mgmt.action_report_kam_points_statement",
            self.account_contact.ids,
        )
        html = html.decode()
        self.assertIn("Points Statement", html)
        self.assertIn("Tea Box", html)
        self.assertIn("700.00", html)

    def test_smart_button_opens_the_account_ledger(self):
        action = self.account_contact.with_user(self.kam_user).action_kam_view_points()
        self.assertEqual(action["domain"], [("partner_id", "=", self.account.id)])
        self.assertEqual(self.account_contact.kam_account_points_balance, 1000)

    def test_views_load_for_every_role(self):
        for user in (self.employee, self.kam_user, self.kam_manager):
            views = self.env["res.partner"].with_user(user).get_views([(False, "form")])
            arch = views["views"]["form"]["arch"]
            self.assertEqual("kam_points_balance" in arch, user != self.employee)
        for user in (self.kam_user, self.kam_manager):
            self.env["kam.points.line"].with_user(user).get_views(
                [
                    (False, "list"),
                    (False, "form"),
                    (False, "pivot"),
                    (False, "graph"),
                    (False, "search"),
                ]
            )
            self.env["kam.reward"].with_user(user).get_views(
                [(False, "kanban"), (False, "list"), (False, "form")]
            )
