from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestReassignWizard(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounts = cls.env["res.partner"].create(
            [
                {
                    "name": f"Account {i}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": cls.tier_standard.id,
                    "kam_manager_id": cls.kam_user.id,
                }
                for i in range(25)
            ]
        )

    def _wizard(self, user, partners, **values):
        Wizard = self.env["kam.reassign.wizard"].with_user(user)
        form = Form(
            Wizard.with_context(active_model="res.partner", active_ids=partners.ids)
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_bulk_reassign_manager_and_backup(self):
        wizard = self._wizard(
            self.kam_manager,
            self.accounts | self.account_contact,
            manager_id=self.kam_user2,
            backup_manager_id=self.kam_manager,
            reason="Li Wei moves to the northern region",
        )
        # A contact selected in the list stands for its account.
        self.assertEqual(wizard.partner_ids, self.accounts | self.account)
        wizard.action_apply()
        for account in self.accounts | self.account:
            self.assertEqual(account.kam_manager_id, self.kam_user2)
            self.assertEqual(account.kam_backup_manager_id, self.kam_manager)
            note = account.message_ids.filtered(
                lambda m: "northern region" in (m.body or "")
            )
            self.assertEqual(len(note), 1)
        self.assertEqual(self.account_contact.kam_manager_id, self.kam_user2)

    def test_backup_becoming_manager_is_cleared(self):
        self.accounts[0].kam_backup_manager_id = self.kam_user2
        wizard = self._wizard(
            self.kam_manager, self.accounts, manager_id=self.kam_user2
        )
        wizard.action_apply()
        self.assertEqual(self.accounts[0].kam_manager_id, self.kam_user2)
        self.assertFalse(self.accounts[0].kam_backup_manager_id)

    def test_remove_backup(self):
        self.accounts.kam_backup_manager_id = self.kam_user2
        wizard = self._wizard(self.kam_manager, self.accounts, remove_backup=True)
        wizard.action_apply()
        self.assertFalse(any(self.accounts.mapped("kam_backup_manager_id")))

    def test_nothing_chosen(self):
        wizard = self._wizard(self.kam_manager, self.accounts)
        with self.assertRaises(UserError):
            wizard.action_apply()

    def test_users_cannot_reassign(self):
        with self.assertRaises(AccessError):
            self.env["kam.reassign.wizard"].with_user(self.kam_user).create(
                {
                    "partner_ids": [(6, 0, self.accounts.ids)],
                    "manager_id": self.kam_user2.id,
                }
            )
        self.assertEqual(set(self.accounts.mapped("kam_manager_id")), {self.kam_user})

    def test_manager_must_be_kam_user(self):
        wizard = self.env["kam.reassign.wizard"].create(
            {
                "partner_ids": [(6, 0, self.accounts.ids)],
                "manager_id": self.employee.id,
            }
        )
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertEqual(set(self.accounts.mapped("kam_manager_id")), {self.kam_user})

    def test_reassign_moves_open_complaints_and_activities(self):
        account = self.accounts[0]
        Complaint = self.env["kam.complaint"]
        open_complaint = Complaint.create(
            {"partner_id": account.id, "subject": "Late delivery"}
        )
        open_complaint.user_id = self.kam_user
        others = Complaint.create(
            {"partner_id": account.id, "subject": "Someone else's"}
        )
        others.user_id = self.kam_manager
        closed = Complaint.create({"partner_id": account.id, "subject": "Old"})
        closed.user_id = self.kam_user
        closed.action_cancel()
        revisit = account.activity_schedule(
            act_type_xmlid="key_account_mgmt.mail_activity_type_kam_revisit",
            user_id=self.kam_user.id,
        )
        kept = self.accounts[1].activity_schedule(
            act_type_xmlid="mail.mail_activity_data_todo", user_id=self.kam_user.id
        )
        self._wizard(
            self.kam_manager, account, manager_id=self.kam_user2
        ).action_apply()
        self.assertEqual(open_complaint.user_id, self.kam_user2)
        self.assertEqual(others.user_id, self.kam_manager)
        self.assertEqual(closed.user_id, self.kam_user)
        self.assertEqual(revisit.user_id, self.kam_user2)
        self.assertEqual(kept.user_id, self.kam_user)
        # Unchecked: they stay.
        complaint = Complaint.create({"partner_id": account.id, "subject": "Again"})
        complaint.user_id = self.kam_user2
        self._wizard(
            self.kam_manager,
            account,
            manager_id=self.kam_user,
            move_complaints=False,
            move_activities=False,
        ).action_apply()
        self.assertEqual(complaint.user_id, self.kam_user2)
        self.assertEqual(revisit.user_id, self.kam_user2)
        self.assertEqual(account.kam_manager_id, self.kam_user)
