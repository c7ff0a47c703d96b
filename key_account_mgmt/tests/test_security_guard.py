"""The write-protection layer: each route an attacker tried, as the
least-privileged user who could try it (findings 1, 2, 3, 5 and 7).

Every refused route is counted in ``ROUTES`` by ``assertRefused`` so that the
number of routes tried and refused is known (see the report of issue 10).
"""

import contextlib
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common_security import KamSecurityCase


class TestPartnerGuard(KamSecurityCase):
    def test_01_context_defaults_do_not_create_key_accounts(self):
        """Finding 1: default_* context keys fill no protected field."""
        defaults = {
            "default_is_key_account": True,
            "default_kam_tier_id": self.tier_strategic.id,
            "default_kam_manager_id": self.kam_user.id,
            "default_kam_points_balance": 5000.0,
            "default_kam_member_level_id": self.level.id,
            "default_kam_health_score": 99,
            "default_kam_churn_risk": "low",
            "default_kam_next_visit_date": "2030-01-01",
        }
        Partner = self.env["res.partner"]
        for user in (self.kam_user, self.contact_creator):
            for key, value in defaults.items():
                with self.subTest(user=user.login, key=key):
                    self.assertRefused(
                        Partner.with_user(user).with_context(**{key: value}).create,
                        {"name": "Forged Co.", "is_company": True},
                        exception=AccessError,
                    )
        self.assertFalse(
            Partner.sudo().search([("name", "=", "Forged Co.")]),
            "nothing was created",
        )
        # Engine fields are refused to key-account managers too.
        for key in ("default_kam_points_balance", "default_kam_member_level_id"):
            with self.subTest(key=key):
                self.assertRefused(
                    Partner.with_user(self.kam_manager)
                    .with_context(**{key: defaults[key]})
                    .create,
                    {"name": "Forged Co.", "is_company": True},
                    exception=AccessError,
                )
        # A key-account manager may still create a key account from the menu.
        account = (
            Partner.with_user(self.kam_manager)
            .with_context(default_is_key_account=True)
            .create(
                {
                    "name": "Legit Co.",
                    "is_company": True,
                    "kam_tier_id": self.tier_key.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )
        )
        self.assertTrue(account.sudo().is_key_account)

    def test_02_contacts_still_sync_commercial_fields(self):
        """The guard lets Odoo's commercial-field sync through."""
        contact = (
            self.env["res.partner"]
            .with_user(self.kam_user)
            .create({"name": "李娜", "parent_id": self.account.id})
        )
        self.assertTrue(contact.sudo().is_key_account)
        self.assertEqual(contact.sudo().kam_manager_id, self.kam_user)

    def test_05_engine_fields_are_the_engines(self):
        """Finding 5: no key-account user writes health, risk, stage or visits,
        on any account (their own included)."""
        engine_values = {
            "kam_health_score": 100,
            "kam_churn_risk": "low",
            "kam_lifecycle_stage": "mature",
            "kam_last_interaction_date": "2026-01-01",
            "kam_next_visit_date": "2099-01-01",
            "kam_health_components": {"signals": "garbage"},
            "kam_health_date": "2026-01-01",
            "kam_member_level_id": self.level.id,
            "kam_referral_awarded": True,
        }
        for account in (self.other_account, self.account):
            for fname, value in engine_values.items():
                with self.subTest(account=account.name, field=fname):
                    self.assertRefused(
                        account.with_user(self.kam_user).write,
                        {fname: value},
                        exception=AccessError,
                    )
        # Key-account managers neither: only the engine computes them.
        self.assertRefused(
            self.account.with_user(self.kam_manager).write,
            {"kam_health_score": 100},
            exception=AccessError,
        )
        self.assertFalse(self.account.sudo().kam_health_score)

    def test_05_malformed_components_do_not_crash_the_form(self):
        """Finding 5: whatever the stored components, the form renders."""
        account = self.account.sudo()
        for garbage in ('"text"', "[1, 2]", '{"signals": "x"}', '{"signals": [1]}'):
            with self.subTest(garbage=garbage):
                self.env.cr.execute(
                    "UPDATE res_partner SET kam_health_components = %s::jsonb "
                    "WHERE id = %s",
                    [garbage, account.id],
                )
                account.invalidate_recordset()
                self.assertFalse(account.kam_health_details)

    def test_07_referrer_only_by_whoever_manages_the_account(self):
        """Finding 7: naming a referrer on someone else's account pays the
        writer's account: refused, and no points are minted."""
        self.assertRefused(
            self.account.with_user(self.kam_user2).write,
            {"kam_referred_by_id": self.other_account.id},
            exception=AccessError,
        )
        self.assertFalse(self.account.sudo().kam_referred_by_id)
        self.assertFalse(self.other_account.sudo().kam_points_balance)
        # Nor through a context default on a new contact of that account.
        self.assertRefused(
            self.env["res.partner"]
            .with_user(self.kam_user2)
            .with_context(default_kam_referred_by_id=self.other_account.id)
            .create,
            {"name": "Referred contact", "parent_id": self.account.id},
            exception=AccessError,
        )
        # The account's own manager may.
        self.account.with_user(self.kam_user).write(
            {"kam_referred_by_id": self.other_account.id}
        )
        self.assertEqual(self.account.sudo().kam_referred_by_id, self.other_account)

    def test_archive_of_other_accounts(self):
        """The archive: the account's managers only (unchanged rule)."""
        self.assertRefused(
            self.other_account.with_user(self.kam_user).write,
            {"kam_needs": "<p>forged</p>"},
            exception=AccessError,
        )
        self.account.with_user(self.kam_user).write({"kam_needs": "<p>mine</p>"})

    def test_related_fields_do_not_write_through(self):
        """A related field of a contact does not move its account's balance
        (refused or ignored, never stored)."""
        contact = self.account_contact.with_user(self.kam_user)
        with contextlib.suppress(UserError):
            contact.write({"kam_account_points_balance": 1000.0})
        self.account.invalidate_recordset()
        self.assertFalse(self.account.sudo().kam_points_balance)


class TestComplaintGuard(KamSecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.Complaint.create(
            {"subject": "Late", "partner_id": cls.account.id}
        )

    def test_02_context_defaults_of_the_workflow(self):
        """Finding 2: a complaint's workflow fields cannot come from the
        context's defaults."""
        Complaint = self.Complaint.with_user(self.kam_user)
        for key, value in {
            "default_state": "closed",
            "default_sla_paused_hours": 500.0,
            "default_reopen_count": 7,
            "default_customer_confirmed": True,
            "default_date_first_response": "2026-01-01 10:00:00",
            "default_date_resolved": "2026-01-01 10:00:00",
        }.items():
            with self.subTest(key=key):
                self.assertRefused(
                    Complaint.with_context(**{key: value}).create,
                    {"subject": "Forged", "partner_id": self.account.id},
                )
        self.assertFalse(self.Complaint.search([("subject", "=", "Forged")]))
        # The reference and the service level are the workflow's: a default
        # for them is not applied.
        complaint = Complaint.with_context(
            default_name="CMP-FORGED", default_tier_id=self.tier_standard.id
        ).create({"subject": "Forged", "partner_id": self.account.id})
        self.assertNotEqual(complaint.name, "CMP-FORGED")
        self.assertEqual(complaint.tier_id, self.tier_strategic)

    def test_03_engine_fields_of_a_complaint(self):
        """Finding 3: the service level, the account and its manager, and the
        reference are not the user's to write."""
        own = self.own.with_user(self.kam_user)
        for vals in (
            {"sla_status": "met"},
            {"first_response_deadline": "2099-01-01 00:00:00"},
            {"resolution_deadline": "2099-01-01 00:00:00"},
            {"sla_deadline": "2099-01-01 00:00:00"},
            {"response_time_hours": 0.1},
            {"resolution_time_hours": 0.1},
            {"manager_id": self.kam_user2.id},
            {"commercial_partner_id": self.other_account.id},
            {"name": "CMP-DUPLICATE"},
            {"state": "closed"},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(own.write, vals)
        self.assertEqual(self.own.manager_id, self.kam_user)
        self.assertEqual(self.own.commercial_partner_id, self.account)
        self.assertEqual(self.own.state, "new")

    def test_03_met_cannot_be_forged_before_the_sla_job(self):
        """Finding 3: a user cannot mark a breached complaint as met."""
        self.own.sudo().write(
            {"date_received": fields.Datetime.now() - timedelta(days=30)}
        )
        self.own._kam_refresh_sla()
        self.assertEqual(self.own.sla_status, "breached")
        self.assertRefused(
            self.own.with_user(self.kam_user).write, {"sla_status": "met"}
        )
        self.Complaint._cron_kam_complaint_sla()
        self.assertEqual(self.own.sla_status, "breached")

    def test_03_reference_unique_per_company(self):
        """Finding 3: two complaints of a company cannot share a reference."""
        other = self.Complaint.create(
            {"subject": "Again", "partner_id": self.account.id}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            other.with_user(self.kam_manager).write({"name": self.own.name})
            self.env.flush_all()
        # A user's own reference on create is replaced by the sequence.
        mine = self.Complaint.with_user(self.kam_user).create(
            {"subject": "Mine", "partner_id": self.account.id, "name": self.own.name}
        )
        self.assertNotEqual(mine.name, self.own.name)


class TestInteractionGuard(KamSecurityCase):
    def test_interaction_engine_fields(self):
        """The interaction's account manager and tier follow the account; the
        activity that logged it is the engine's."""
        interaction = (
            self.env["kam.interaction"]
            .with_user(self.kam_user)
            .create({"partner_id": self.account.id, "summary": "Call"})
        )
        for vals in (
            {"manager_id": self.kam_user2.id},
            {"tier_id": self.tier_standard.id},
            {"activity_type_id": self.env.ref("mail.mail_activity_data_call").id},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(interaction.write, vals, exception=AccessError)
        self.assertEqual(self.account.sudo().kam_manager_id, self.kam_user)


class TestPointsLineGuard(KamSecurityCase):
    def test_ledger_lines_only_by_the_engine(self):
        """Ledger lines are posted by the entry points only."""
        Line = self.env["kam.points.line"]
        for user in (self.kam_user, self.kam_manager):
            with self.subTest(user=user.login):
                self.assertRefused(
                    Line.with_user(user).create,
                    {"partner_id": self.account.id, "kind": "earn", "points": 10},
                    exception=AccessError,
                )
        line = self.account.sudo().kam_earn_points(10, "Test")
        self.assertRefused(line.with_user(self.kam_manager).write, {"points": 1e6})
