from odoo.exceptions import AccessError

from .common import KamCommon


class TestReportModels(KamCommon):
    """The report models gather the data of the printable reports and decide
    who sees what; the templates only display it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Interaction = cls.env["kam.interaction"]
        cls.Interaction.create(
            [
                {
                    "partner_id": cls.account.id,
                    "user_id": cls.kam_user.id,
                    "channel": "phone",
                    "summary": f"Call {number:02d}",
                    "date": f"2026-01-{number:02d}",
                }
                for number in range(1, 13)
            ]
        )
        cls.env["kam.complaint"].create(
            {
                "partner_id": cls.account_contact.id,
                "subject": "Damaged packaging",
                "description": "Two boxes crushed.",
            }
        )
        cls.account.kam_earn_points(100, "EARN-A1")
        cls.other_account.kam_earn_points(50, "EARN-B1")
        cls.profile = cls.env["report.key_account_mgmt.report_kam_profile"]
        cls.statement = cls.env["report.key_account_mgmt.report_kam_points_statement"]

    def test_profile_lists_what_the_user_may_read(self):
        values = self.profile.with_user(self.kam_user)._get_report_values(
            self.account_contact.ids
        )
        self.assertEqual(values["docs"], self.account_contact)
        interactions = values["kam_interactions"][self.account.id]
        # The latest ten, in the order a search returns them.
        self.assertEqual(
            interactions,
            self.Interaction.with_user(self.kam_user).search(
                [("partner_id", "=", self.account.id)], limit=10
            ),
        )
        self.assertEqual(len(interactions), 10)
        self.assertNotIn("Call 01", interactions.mapped("summary"))
        complaints = values["kam_complaints"][self.account.id]
        self.assertEqual(complaints.mapped("subject"), ["Damaged packaging"])

    def test_profile_of_an_account_the_user_does_not_manage(self):
        """A key-account user who does not manage the account: only their
        own interactions, none of its complaints (record rules)."""
        # Logged while they were its backup manager.
        own = self.Interaction.create(
            {
                "partner_id": self.account.id,
                "user_id": self.kam_user2.id,
                "channel": "visit",
                "summary": "Visit by a colleague",
            }
        )
        values = self.profile.with_user(self.kam_user2)._get_report_values(
            self.account.ids
        )
        self.assertEqual(values["kam_interactions"][self.account.id], own)
        self.assertFalse(values["kam_complaints"][self.account.id])
        html = self._render_html(
            self.kam_user2, "key_account_mgmt.action_report_kam_profile", self.account
        )
        self.assertIn("Visit by a colleague", html)
        self.assertNotIn("Call 12", html)
        self.assertNotIn("Damaged packaging", html)

    def test_profile_refused_to_other_users(self):
        with self.assertRaises(AccessError):
            self.profile.with_user(self.employee)._get_report_values(self.account.ids)

    def test_statement_ledger_for_managers_only(self):
        for user, shown in (
            (self.kam_user, True),
            (self.kam_manager, True),
            (self.kam_user2, False),
        ):
            values = self.statement.with_user(user)._get_report_values(
                (self.account | self.account_contact).ids
            )
            lines = values["kam_statement_lines"][self.account.id]
            self.assertEqual(
                [(line.origin, running) for line, running in lines],
                [("EARN-A1", 200.0)] if shown else [],
                user.login,
            )
        html = self._render_html(
            self.kam_user2,
            "key_account_mgmt.action_report_kam_points_statement",
            self.account,
        )
        self.assertIn("No points movement yet.", html)
        self.assertNotIn("EARN-A1", html)

    def test_statement_running_balance_per_account(self):
        self.account.kam_redeem_points(30, "REDEEM-A1")
        values = self.statement.with_user(self.kam_manager)._get_report_values(
            (self.account | self.other_account).ids
        )
        statement = values["kam_statement_lines"]
        self.assertEqual(
            [(line.origin, running) for line, running in statement[self.account.id]],
            [("EARN-A1", 200.0), ("REDEEM-A1", 170.0)],
        )
        self.assertEqual(
            [
                (line.origin, running)
                for line, running in statement[self.other_account.id]
            ],
            [("EARN-B1", 75.0)],
        )

    def test_profile_queries_do_not_grow_with_the_accounts(self):
        Partner = self.env["res.partner"]
        accounts = Partner.create(
            [
                {
                    "name": f"Account {number}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": self.tier_standard.id,
                    "kam_manager_id": self.kam_user.id,
                    "child_ids": [
                        (0, 0, {"name": f"Contact {number}", "kam_birthday": False})
                    ],
                }
                for number in range(10)
            ]
        )
        self.Interaction.create(
            [
                {
                    "partner_id": account.id,
                    "user_id": self.kam_user.id,
                    "channel": "email",
                    "summary": f"Mail to {account.name}",
                }
                for account in accounts
            ]
        )
        self.env["kam.complaint"].create(
            [
                {
                    "partner_id": account.child_ids.id,
                    "subject": f"Complaint of {account.name}",
                    "description": "Late.",
                }
                for account in accounts
            ]
        )
        report = "key_account_mgmt.action_report_kam_profile"
        counts = []
        # The first render fills the caches that do not depend on the accounts
        # (templates, settings, record rules); then the queries of a render
        # from a cold record cache, for 2 accounts and for 10.
        for batch in (accounts, accounts[:2], accounts):
            self.env.invalidate_all()
            queries_before = self.cr.sql_log_count
            html = self._render_html(self.kam_user, report, batch)
            counts.append(self.cr.sql_log_count - queries_before)
            self.assertIn(f"Complaint of {batch[-1].name}", html)
        # Before the report model: 4 more queries per account (57 against 25).
        self.assertEqual(counts[2], counts[1], counts)

    def _render_html(self, user, report_ref, partners):
        html, _fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report_ref, partners.ids)
        )
        return html.decode()
