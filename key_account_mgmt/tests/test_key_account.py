from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKeyAccount(KamCommon):
    def test_mark_sets_since_and_requires_tier_and_manager(self):
        partner = self.plain_partner
        with self.assertRaises(ValidationError):
            partner.write({"is_key_account": True})
        with self.assertRaises(ValidationError):
            partner.write({"is_key_account": True, "kam_tier_id": self.tier_key.id})
        with self.assertRaises(ValidationError):
            partner.write({"is_key_account": True, "kam_manager_id": self.kam_user.id})
        self.assertFalse(partner.is_key_account)
        with freeze_time("2026-03-15"):
            partner.write(
                {
                    "is_key_account": True,
                    "kam_tier_id": self.tier_key.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )
        self.assertTrue(partner.is_key_account)
        self.assertEqual(str(partner.kam_since), "2026-03-15")
        # Marking again does not move the date.
        with freeze_time("2026-05-01"):
            partner.write({"is_key_account": True})
        self.assertEqual(str(partner.kam_since), "2026-03-15")

    def test_create_key_account_sets_since(self):
        with freeze_time("2026-01-02"):
            partner = self.env["res.partner"].create(
                {
                    "name": "Harbour Foods",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": self.tier_standard.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )
        self.assertEqual(str(partner.kam_since), "2026-01-02")
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create({"name": "No Tier", "is_key_account": True})

    def test_unmark_keeps_tier_optional(self):
        self.account.write({"is_key_account": False})
        self.account.write({"kam_tier_id": False, "kam_manager_id": False})
        self.assertFalse(self.account.is_key_account)

    def test_manager_must_be_key_account_user(self):
        with self.assertRaises(ValidationError) as error:
            self.account.write({"kam_manager_id": self.employee.id})
        self.assertIn("only key-account users", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self.account.write({"kam_backup_manager_id": self.employee.id})
        self.assertIn("only key-account users", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self.account.write({"kam_backup_manager_id": self.kam_user.id})
        self.assertIn("someone other", str(error.exception))
        self.assertEqual(self.account.kam_manager_id, self.kam_user)
        self.assertFalse(self.account.kam_backup_manager_id)
        self.account.write({"kam_backup_manager_id": self.kam_user2.id})
        self.assertEqual(self.account.kam_backup_manager_id, self.kam_user2)

    def test_contacts_follow_the_commercial_partner(self):
        contact = self.account_contact
        self.assertTrue(contact.is_key_account)
        self.assertEqual(contact.kam_tier_id, self.tier_strategic)
        self.assertEqual(contact.kam_manager_id, self.kam_user)
        self.account.write({"kam_tier_id": self.tier_key.id})
        self.assertEqual(contact.kam_tier_id, self.tier_key)
        # A new contact takes the account's values.
        new_contact = self.env["res.partner"].create(
            {"name": "Li Na", "parent_id": self.account.id}
        )
        self.assertTrue(new_contact.is_key_account)
        self.assertEqual(new_contact.kam_manager_id, self.kam_user)
        # The archive of a contact is the account's, read-only.
        self.account.kam_needs = "<p>Spare parts</p>"
        self.assertIn("Spare parts", new_contact.kam_account_needs)

    def test_tracking_of_tier_and_manager(self):
        account = self.account.with_context(tracking_disable=False)
        account.write(
            {"kam_tier_id": self.tier_key.id, "kam_manager_id": self.kam_user2.id}
        )
        self.env.cr.flush()
        tracked = account.message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("kam_tier_id", tracked)
        self.assertIn("kam_manager_id", tracked)
        values = account.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "kam_manager_id"
        )
        self.assertEqual(values.old_value_char, self.kam_user.name)
        self.assertEqual(values.new_value_char, self.kam_user2.name)

    def test_tracking_of_marking(self):
        partner = self.plain_partner.with_context(tracking_disable=False)
        partner.write(
            {
                "is_key_account": True,
                "kam_tier_id": self.tier_standard.id,
                "kam_manager_id": self.kam_user.id,
            }
        )
        self.env.cr.flush()
        tracked = partner.message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("is_key_account", tracked)

    def test_tier_counts_accounts_not_contacts(self):
        self.assertEqual(self.tier_strategic.partner_count, 1)
        action = self.tier_strategic.action_view_accounts()
        accounts = self.env["res.partner"].search(action["domain"])
        self.assertIn(self.account, accounts)

    def test_tier_sla_targets_checked(self):
        with self.assertRaises(ValidationError):
            self.tier_key.write({"first_response_hours": 50, "resolution_hours": 10})

    def test_form_on_partner(self):
        form = Form(self.plain_partner.with_user(self.kam_manager))
        form.is_key_account = True
        form.kam_tier_id = self.tier_standard
        form.kam_manager_id = self.kam_user
        partner = form.save()
        self.assertTrue(partner.is_key_account)
        self.assertTrue(partner.kam_since)
