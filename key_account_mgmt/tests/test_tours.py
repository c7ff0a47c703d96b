"""Browser tests: real Chromium clicks through the Key Accounts app.

Odoo skips browser tests when it finds no Chrome/Chromium; ``make test``
(tools/kam.sh) refuses to run without one, so these never pass by skipping.
"""

import unittest

from odoo.tests import new_test_user, tagged
from odoo.tests.common import HttpCase

from .common import KamCommon


class KamBrowserMixin:
    """For HttpCase: a tour that cannot start a browser fails, never skips."""

    def start_tour(self, *args, **kwargs):
        try:
            return super().start_tour(*args, **kwargs)
        except unittest.SkipTest as skip:
            self.fail(f"The browser test could not run ({skip}): install Chromium.")


@tagged("post_install", "-at_install")
class TestKamTours(KamBrowserMixin, KamCommon, HttpCase):
    def test_account_manager_tour(self):
        """Open an account, log an interaction, file a complaint from the
        account and move it through acknowledge, investigate and resolve."""
        account = self.env["res.partner"].create(
            {
                "name": "Tour Orchid Trading",
                "is_company": True,
                "is_key_account": True,
                "kam_tier_id": self.tier_key.id,
                "kam_manager_id": self.kam_user.id,
            }
        )
        self.start_tour("/odoo", "kam_account_complaint", login="kam_user")
        interaction = self.env["kam.interaction"].search(
            [("partner_id", "=", account.id)]
        )
        self.assertRecordValues(
            interaction,
            [
                {
                    "summary": "Tour: quarterly review with purchasing",
                    "user_id": self.kam_user.id,
                }
            ],
        )
        complaint = self.env["kam.complaint"].search(
            [("commercial_partner_id", "=", account.id)]
        )
        self.assertRecordValues(
            complaint,
            [
                {
                    "subject": "Tour: wrong quantities invoiced",
                    "partner_id": account.id,
                    "state": "resolved",
                    "tier_id": self.tier_key.id,
                }
            ],
        )
        self.assertTrue(complaint.date_first_response)
        self.assertTrue(complaint.date_resolved)
        self.assertIn("Credit note issued", complaint.resolution)

    def test_reassign_wizard_tour(self):
        """A key-account manager hands two accounts over in bulk."""
        successor = new_test_user(
            self.env,
            login="kam_successor",
            groups="key_account_mgmt.group_kam_user",
            name="Tour Successor",
        )
        accounts = self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": self.tier_key.id,
                    "kam_manager_id": self.kam_user.id,
                }
                for name in ("Tour Handover One", "Tour Handover Two")
            ]
        )
        self.start_tour("/odoo", "kam_reassign_accounts", login="kam_test_director")
        self.assertEqual(accounts.kam_manager_id, successor)
        self.assertEqual(self.account.kam_manager_id, self.kam_user)
        for account in accounts:
            self.assertTrue(
                account.message_ids.filtered(
                    lambda m: "territory handover" in (m.body or "")
                ),
                account.name,
            )
