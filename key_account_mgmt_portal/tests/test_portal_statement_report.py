from odoo.addons.key_account_mgmt.tests.common import KamCommon
from odoo.tests import new_test_user


class TestPortalStatementReport(KamCommon):
    """The points statement a portal user downloads (the route renders it as
    superuser, in the name of the portal user): the whole ledger of their own
    key account only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        contact_z = Partner.create(
            {"name": "Klaus Berger", "parent_id": cls.other_account.id}
        )
        cls.portal_x = cls._portal_user("kam_stmt_portal_x", cls.account_contact)
        cls.portal_z = cls._portal_user("kam_stmt_portal_z", contact_z)
        cls.portal_plain = cls._portal_user("kam_stmt_portal_plain", cls.plain_partner)
        cls.account.kam_earn_points(100, "A-EARN-1")
        cls.other_account.kam_earn_points(100, "B-EARN-1")
        cls.plain_partner.sudo().kam_earn_points(100, "PLAIN-EARN-1")
        cls.statement = cls.env["report.key_account_mgmt.report_kam_points_statement"]

    @classmethod
    def _portal_user(cls, login, partner):
        return new_test_user(
            cls.env, login=login, groups="base.group_portal", partner_id=partner.id
        )

    def _origins(self, user, partner):
        # As the route renders it: superuser, in the name of the user.
        statement = self.statement.with_user(user).sudo()
        values = statement._get_report_values(partner.ids)
        return [
            line.origin
            for line, _running in values["kam_statement_lines"][
                partner.commercial_partner_id.id
            ]
        ]

    def test_own_account_only(self):
        self.assertEqual(self._origins(self.portal_x, self.account), ["A-EARN-1"])
        self.assertEqual(
            self._origins(self.portal_x, self.account_contact), ["A-EARN-1"]
        )
        self.assertEqual(self._origins(self.portal_x, self.other_account), [])
        self.assertEqual(self._origins(self.portal_z, self.account), [])
        self.assertEqual(self._origins(self.portal_z, self.other_account), ["B-EARN-1"])

    def test_no_ledger_of_a_partner_that_is_no_key_account(self):
        self.assertEqual(self._origins(self.portal_plain, self.plain_partner), [])
        self.plain_partner.sudo().write(
            {
                "is_key_account": True,
                "kam_tier_id": self.tier_standard.id,
                "kam_manager_id": self.kam_user.id,
            }
        )
        self.assertEqual(
            self._origins(self.portal_plain, self.plain_partner), ["PLAIN-EARN-1"]
        )

    def test_public_user_sees_no_ledger(self):
        public = self.env.ref("base.public_user")
        self.assertEqual(self._origins(public, self.account), [])
