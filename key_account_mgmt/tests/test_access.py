from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestAccess(KamCommon):
    # --- every internal user ------------------------------------------------
    def test_employee_reads_public_fields_only(self):
        account = self.account.with_user(self.employee)
        self.assertTrue(account.is_key_account)
        self.assertEqual(account.kam_tier_id, self.tier_strategic)
        self.assertEqual(account.kam_manager_id, self.kam_user)
        self.assertEqual(account.kam_tier_id.name, self.tier_strategic.name)
        with self.assertRaises(AccessError):
            account.read(["kam_needs"])
        with self.assertRaises(AccessError):
            account.read(["kam_preferred_channel"])
        fields = account.fields_get()
        self.assertIn("is_key_account", fields)
        self.assertNotIn("kam_preferences", fields)

    def test_contact_creator_cannot_mark_or_change_tier(self):
        account = self.plain_partner.with_user(self.contact_creator)
        with self.assertRaises(AccessError):
            account.write(
                {
                    "is_key_account": True,
                    "kam_tier_id": self.tier_key.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )
        self.assertFalse(self.plain_partner.is_key_account)
        with self.assertRaises(AccessError):
            self.account.with_user(self.contact_creator).write(
                {"kam_tier_id": self.tier_key.id}
            )
        self.assertEqual(self.account.kam_tier_id, self.tier_strategic)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.contact_creator).create(
                {
                    "name": "Sneaky",
                    "is_key_account": True,
                    "kam_tier_id": self.tier_key.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )

    def test_contact_creator_adds_contacts_to_key_account(self):
        Partner = self.env["res.partner"].with_user(self.contact_creator)
        contact = Partner.create({"name": "Li Na", "parent_id": self.account.id})
        self.assertTrue(contact.is_key_account)
        self.assertEqual(contact.kam_tier_id, self.tier_strategic)
        # The same values as the account (as the form sends them) pass too.
        contact2 = Partner.create(
            {
                "name": "Wang Lei",
                "parent_id": self.account.id,
                "is_key_account": True,
                "kam_tier_id": self.tier_strategic.id,
                "kam_manager_id": self.kam_user.id,
            }
        )
        self.assertEqual(contact2.kam_manager_id, self.kam_user)
        contact.write({"phone": "+86 10 1234 5678", "function": "Buyer"})
        self.account.with_user(self.contact_creator).write({"phone": "+86 755 1"})
        self.assertEqual(self.account.phone, "+86 755 1")

    def test_contact_creator_cannot_write_archive(self):
        with self.assertRaises(AccessError):
            self.account.with_user(self.contact_creator).write(
                {"kam_needs": "<p>hack</p>"}
            )

    # --- key-account users ----------------------------------------------------
    def test_kam_user_edits_archive_of_own_account(self):
        account = self.account.with_user(self.kam_user)
        account.write(
            {
                "kam_needs": "<p>Spare parts</p>",
                "kam_preferences": "<p>WeChat</p>",
                "kam_preferred_channel": "wechat",
            }
        )
        self.assertEqual(self.account.kam_preferred_channel, "wechat")
        self.assertTrue(account.kam_can_edit_archive)
        self.assertFalse(account.kam_can_edit_account)
        contact = self.account_contact.with_user(self.kam_user)
        contact.write({"kam_birthday": "1980-05-04"})
        self.assertEqual(str(self.account_contact.kam_birthday), "1980-05-04")

    def test_kam_backup_edits_archive(self):
        self.account.write({"kam_backup_manager_id": self.kam_user2.id})
        self.account.with_user(self.kam_user2).write({"kam_preferred_channel": "visit"})
        self.assertEqual(self.account.kam_preferred_channel, "visit")

    def test_kam_user_reads_but_cannot_edit_other_archive(self):
        other = self.other_account.with_user(self.kam_user)
        other.read(["kam_needs", "kam_preferences"])
        self.assertFalse(other.kam_can_edit_archive)
        with self.assertRaises(AccessError):
            other.write({"kam_needs": "<p>mine now</p>"})
        with self.assertRaises(AccessError):
            other.write({"kam_preferred_channel": "email"})
        self.assertFalse(self.other_account.kam_preferred_channel)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.kam_user).create(
                {
                    "name": "New contact",
                    "parent_id": self.other_account.id,
                    "kam_birthday": "1990-01-01",
                }
            )

    def test_kam_user_cannot_mark_or_reassign(self):
        account = self.account.with_user(self.kam_user)
        with self.assertRaises(AccessError):
            account.write({"is_key_account": False})
        with self.assertRaises(AccessError):
            account.write({"kam_tier_id": self.tier_standard.id})
        with self.assertRaises(AccessError):
            account.write({"kam_manager_id": self.kam_user2.id})
        with self.assertRaises(AccessError):
            account.write({"kam_backup_manager_id": self.kam_user2.id})
        with self.assertRaises(AccessError):
            self.plain_partner.with_user(self.kam_user).write(
                {
                    "is_key_account": True,
                    "kam_tier_id": self.tier_key.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )
        self.assertTrue(self.account.is_key_account)
        self.assertEqual(self.account.kam_tier_id, self.tier_strategic)
        self.assertEqual(self.account.kam_manager_id, self.kam_user)
        self.assertFalse(self.plain_partner.is_key_account)

    def test_kam_user_cannot_configure_tiers(self):
        Tier = self.env["kam.tier"].with_user(self.kam_user)
        self.assertTrue(Tier.search([]))
        with self.assertRaises(AccessError):
            Tier.create({"name": "Platinum"})
        with self.assertRaises(AccessError):
            self.tier_key.with_user(self.kam_user).write({"resolution_hours": 1})
        with self.assertRaises(AccessError):
            self.tier_key.with_user(self.kam_user).unlink()

    # --- key-account managers ---------------------------------------------------
    def test_manager_marks_and_reassigns(self):
        partner = self.plain_partner.with_user(self.kam_manager)
        partner.write(
            {
                "is_key_account": True,
                "kam_tier_id": self.tier_key.id,
                "kam_manager_id": self.kam_user2.id,
                "kam_backup_manager_id": self.kam_user.id,
            }
        )
        self.assertTrue(self.plain_partner.is_key_account)
        account = self.account.with_user(self.kam_manager)
        account.write({"kam_tier_id": self.tier_key.id, "kam_needs": "<p>x</p>"})
        self.assertEqual(self.account.kam_tier_id, self.tier_key)
        account.write({"is_key_account": False})
        self.assertFalse(self.account.is_key_account)
        self.assertFalse(self.account_contact.is_key_account)

    def test_manager_configures_tiers(self):
        Tier = self.env["kam.tier"].with_user(self.kam_manager)
        tier = Tier.create({"name": "Platinum", "first_response_hours": 1})
        tier.write({"resolution_hours": 8})
        tier.action_archive()
        self.assertFalse(tier.active)
        tier.unlink()

    def test_company_rule_on_tiers(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        tier = self.env["kam.tier"].create(
            {"name": "Other company tier", "company_id": other_company.id}
        )
        visible = self.env["kam.tier"].with_user(self.kam_manager).search([])
        self.assertNotIn(tier, visible)
        self.assertIn(self.tier_key, visible)
