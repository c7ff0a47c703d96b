from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_rhythm import KamRhythmCommon


@tagged("post_install", "-at_install")
class TestInteraction(KamRhythmCommon):
    def test_call_done_logs_interaction(self):
        """Marking a Call done on a contact of a key account logs it on the account."""
        contact = self.account_contact.with_user(self.kam_user)
        with freeze_time("2026-03-10"):
            activity = contact.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_call",
                summary="Call about the framework agreement",
                user_id=self.kam_user.id,
            )
            activity.with_user(self.kam_user).action_feedback(
                feedback="<p>Agreed to renew for two years.</p>"
            )
        interaction = self.Interaction.search([("partner_id", "=", self.account.id)])
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.contact_id, self.account_contact)
        self.assertEqual(interaction.channel, "phone")
        self.assertEqual(interaction.user_id, self.kam_user)
        self.assertEqual(str(interaction.date), "2026-03-10")
        self.assertEqual(interaction.summary, "Call about the framework agreement")
        self.assertIn("Agreed to renew", interaction.outcome)
        self.assertEqual(interaction.activity_type_id, self.call_type)
        # The rhythm of the account follows: strategic tier revisits every 30 days.
        self.assertEqual(str(self.account.kam_last_interaction_date), "2026-03-10")
        self.assertEqual(str(self.account.kam_next_visit_date), "2026-04-09")
        self.assertEqual(self.account.kam_interaction_count, 1)
        self.assertEqual(self.account_contact.kam_interaction_count, 1)

    def test_batch_done_and_channels(self):
        """Several activities done at once; only interaction types log."""
        with freeze_time("2026-03-10"):
            visit = self.account.activity_schedule(
                act_type_xmlid="key_account_mgmt.mail_activity_type_kam_visit",
                user_id=self.kam_user.id,
            )
            meeting = self.other_account.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_meeting",
                user_id=self.kam_user2.id,
            )
            todo = self.account.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo",
                user_id=self.kam_user.id,
            )
            plain = self.plain_partner.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_call",
                user_id=self.kam_user.id,
            )
            (visit | meeting | todo | plain).action_done()
        interactions = self.Interaction.search(
            [("partner_id", "in", (self.account | self.other_account).ids)]
        )
        self.assertEqual(sorted(interactions.mapped("channel")), ["meeting", "visit"])
        self.assertEqual(
            interactions.filtered(lambda i: i.channel == "meeting").user_id,
            self.kam_user2,
        )
        self.assertFalse(
            self.Interaction.search([("partner_id", "=", self.plain_partner.id)])
        )
        # The Key tier revisits every 60 days.
        self.assertEqual(str(self.other_account.kam_next_visit_date), "2026-05-09")

    def test_manual_interaction_on_contact_goes_to_account(self):
        interaction = self.Interaction.with_user(self.kam_user).create(
            {
                "partner_id": self.account_contact.id,
                "date": "2026-02-01",
                "channel": "wechat",
                "summary": "WeChat about the delivery",
            }
        )
        self.assertEqual(interaction.partner_id, self.account)
        self.assertEqual(interaction.contact_id, self.account_contact)
        self.assertEqual(str(self.account.kam_last_interaction_date), "2026-02-01")
        # Moving or deleting interactions moves the rhythm back.
        interaction.write({"date": "2026-02-05"})
        self.assertEqual(str(self.account.kam_last_interaction_date), "2026-02-05")
        self.assertEqual(str(self.account.kam_next_visit_date), "2026-03-07")
        interaction.unlink()
        self.assertFalse(self.account.kam_last_interaction_date)
        # Without interactions, the rhythm counts from the key-account date.
        self.assertEqual(
            self.account.kam_next_visit_date,
            self._date(self.account.kam_since) + self._days(30),
        )

    def test_merge_moves_the_rhythm(self):
        """A merge moves the interactions to the merged account by SQL: its
        visit dates follow them."""
        duplicate = self._make_account(
            "华信科技 (duplicate)", self.tier_strategic, self.kam_user, "2025-01-01"
        )
        self._log(self.account, "2026-01-10")
        self._log(duplicate, "2026-02-20")
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.env.ref("base.user_admin"))
            .create({})
        )
        wizard._merge((self.account | duplicate).ids, self.account)
        self.assertFalse(duplicate.exists())
        self.assertEqual(str(self.account.kam_last_interaction_date), "2026-02-20")
        self.assertEqual(str(self.account.kam_next_visit_date), "2026-03-22")

    def test_contact_must_belong_to_account(self):
        with self.assertRaises(ValidationError):
            self.Interaction.create(
                {
                    "partner_id": self.other_account.id,
                    "contact_id": self.account_contact.id,
                    "summary": "Wrong contact",
                }
            )

    def test_tier_change_moves_next_visit(self):
        self._log(self.account, "2026-01-01")
        self.assertEqual(str(self.account.kam_next_visit_date), "2026-01-31")
        self.account.with_user(self.kam_manager).write(
            {"kam_tier_id": self.tier_standard.id}
        )
        self.assertEqual(str(self.account.kam_next_visit_date), "2026-04-01")
        self.tier_standard.revisit_interval_days = 0
        self.assertFalse(self.account.kam_next_visit_date)
        self.assertFalse(self.account_contact.kam_next_visit_date)

    def test_access(self):
        interaction = self._log(self.account, "2026-01-10", user_id=self.kam_user.id)
        other = self._log(self.other_account, "2026-01-11", user_id=self.kam_user2.id)
        # The account manager sees the interactions of their accounts only.
        visible = self.Interaction.with_user(self.kam_user).search(
            [("id", "in", (interaction | other).ids)]
        )
        self.assertEqual(visible, interaction)
        with self.assertRaises(AccessError):
            other.with_user(self.kam_user).read(["summary"])
        with self.assertRaises(AccessError):
            other.with_user(self.kam_user).write({"summary": "Changed"})
        # Plain employees have no access to the log, managers see all.
        with self.assertRaises(AccessError):
            interaction.with_user(self.employee).read(["summary"])
        self.assertEqual(
            self.Interaction.with_user(self.kam_manager).search(
                [("id", "in", (interaction | other).ids)]
            ),
            interaction | other,
        )
        # Backups see the account's interactions too.
        self.other_account.write({"kam_backup_manager_id": self.kam_user.id})
        self.assertTrue(other.with_user(self.kam_user).read(["summary"]))

    def _days(self, days):
        return timedelta(days=days)
