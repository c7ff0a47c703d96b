from odoo.exceptions import AccessError

from .common import KamCommon


class TestProfileReport(KamCommon):
    """The printable key-account profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.sudo().write(
            {"kam_needs": "<p>Quarterly capacity review</p>", "kam_birthday": False}
        )
        cls.account_contact.sudo().kam_birthday = "1980-05-17"
        cls.env["kam.interaction"].create(
            {
                "partner_id": cls.account.id,
                "user_id": cls.kam_user.id,
                "channel": "visit",
                "summary": "Plant visit with the purchasing team",
            }
        )
        cls.env["kam.complaint"].create(
            {
                "partner_id": cls.account_contact.id,
                "subject": "Late delivery of the May order",
                "description": "Two pallets arrived a week late.",
            }
        )
        cls.account.kam_earn_points(1250, "Opening balance")
        cls.report = cls.env.ref("key_account_mgmt.action_report_kam_profile")

    def _render(self, user, partners):
        html, _fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(self.report, partners.ids)
        )
        return html.decode()

    def test_profile_of_account_and_contact(self):
        html = self._render(self.kam_user, self.account | self.account_contact)
        self.assertIn("华信科技有限公司", html)
        self.assertIn("Quarterly capacity review", html)
        self.assertIn("Plant visit with the purchasing team", html)
        self.assertIn("张伟", html)
        # Empty cells (no job position, no phone) keep the columns aligned.
        self.assertRegex(
            html, r"<td>张伟</td>\s*<td></td>\s*<td></td>\s*<td>zw@example.com</td>"
        )
        self.assertIn("05/17/1980", html)
        self.assertIn("Late delivery of the May order", html)
        # 1,250 points times the Strategic multiplier (2).
        self.assertIn("<td>2,500</td>", html)
        # A contact prints its account's profile.
        self.assertEqual(html.count('class="page o_kam_profile"'), 2)

    def test_report_offered_to_key_account_users_only(self):
        self.assertEqual(
            self.report.group_ids, self.env.ref("key_account_mgmt.group_kam_user")
        )
        with self.assertRaises(AccessError):
            self._render(self.employee, self.account)

    def test_profile_prints_in_the_users_language(self):
        """An internal document: the user's language, not the customer's."""
        self.env["res.lang"]._activate_lang("zh_CN")
        (self.account | self.account_contact).sudo().lang = "zh_CN"
        self.kam_user.sudo().lang = "en_US"
        html = self._render(self.kam_user, self.account_contact)
        self.assertIn("05/17/1980", html)
        self.kam_user.sudo().lang = "zh_CN"
        html = self._render(self.kam_user, self.account_contact)
        self.assertNotIn("05/17/1980", html)
        self.assertIn("1980", html)
