"""Who may log what, in which company, and who reads the loyalty facts
(findings 10, 11 and 14), as the least-privileged users."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common_security import KamSecurityCase


class TestInteractionRights(KamSecurityCase):
    def test_10_interactions_on_own_accounts_in_own_name(self):
        """Finding 10: no interaction on an account the user does not manage,
        in another user's name, or on a partner that is no key account."""
        Interaction = self.env["kam.interaction"].with_user(self.kam_user)
        next_visit = self.other_account.kam_next_visit_date
        for vals, exception in (
            ({"partner_id": self.other_account.id}, AccessError),
            (
                {"partner_id": self.account.id, "user_id": self.kam_user2.id},
                AccessError,
            ),
            ({"partner_id": self.plain_partner.id}, ValidationError),
        ):
            with self.subTest(vals=vals), self.assertRaises(exception):
                Interaction.create(dict({"summary": "Visit"}, **vals))
        self.assertEqual(self.other_account.kam_next_visit_date, next_visit)
        mine = Interaction.create({"partner_id": self.account.id, "summary": "Visit"})
        for vals in (
            {"partner_id": self.other_account.id},
            {"user_id": self.kam_user2.id},
        ):
            with self.subTest(write=vals), self.assertRaises(AccessError):
                mine.write(vals)
        # The backup manager logs on the account too; managers on any.
        self.account.sudo().kam_backup_manager_id = self.kam_user2
        self.env["kam.interaction"].with_user(self.kam_user2).create(
            {"partner_id": self.account.id, "summary": "Backup visit"}
        )
        self.env["kam.interaction"].with_user(self.kam_manager).create(
            {
                "partner_id": self.other_account.id,
                "summary": "Director visit",
                "user_id": self.kam_user2.id,
            }
        )


class TestMultiCompany(KamSecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.manager_b = new_test_user(
            cls.env,
            login="kam_director_b",
            groups="key_account_mgmt.group_kam_manager",
            name="Director of B",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.partner_b = cls.env["res.partner"].create(
            {
                "name": "B Only Ltd",
                "email": "secret@b.example.com",
                "company_id": cls.company_b.id,
            }
        )

    def test_11_complaint_stays_in_the_users_companies(self):
        """Finding 11: a complaint cannot move to a company the user does not
        belong to, nor be filed against another company's partner."""
        complaint = self.Complaint.with_user(self.kam_user).create(
            {"subject": "Late", "partner_id": self.account.id}
        )
        with self.assertRaises(ValidationError):
            complaint.write({"company_id": self.company_b.id})
        with self.assertRaises(UserError):
            self.Complaint.with_user(self.kam_manager).create(
                {"subject": "Foreign", "partner_id": self.partner_b.id}
            )
        self.assertEqual(complaint.company_id, self.company)

    def test_11_company_less_account_belongs_to_its_managers_company(self):
        """Finding 11: a key account without company belongs to the company of
        its account manager: a manager of another company changes neither its
        points nor its managers."""
        self.assertFalse(self.account.company_id)
        account_b = self.account.with_user(self.manager_b)
        for call in (
            lambda: account_b.write({"kam_backup_manager_id": self.kam_user2.id}),
            lambda: account_b.write({"kam_tier_id": self.tier_standard.id}),
            lambda: account_b._kam_adjust_points(500, "From B"),
            lambda: account_b.kam_earn_points(500, "From B"),
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertFalse(self.account.kam_backup_manager_id)
        self.assertFalse(self.account.kam_points_balance)
        # Its own company's manager may.
        self.account.with_user(self.kam_manager).write(
            {"kam_backup_manager_id": self.kam_user2.id}
        )


class TestLoyaltyFactsInChatter(KamSecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.account.email = "account@example.com"
        cls.reward = cls.env["kam.reward"].create({"name": "Mug", "points_cost": 10})

    def _visible_bodies(self, user):
        messages = (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "res.partner"), ("res_id", "=", self.account.id)])
        )
        return messages, " ".join(str(m.body) for m in messages)

    def test_14_loyalty_facts_only_for_key_account_users(self):
        """Finding 14: member-level emails, points notes, restricted tracking
        and churn activities do not reach users without key-account rights."""
        account = self.account.with_context(tracking_disable=False)
        # 600 x 2 (Strategic tier): Silver, announced by email.
        account.sudo().kam_earn_points(600, "Big order")
        wizard = (
            self.env["kam.points.redeem.wizard"]
            .with_user(self.kam_user)
            .create({"partner_id": self.account.id, "reward_id": self.reward.id})
        )
        wizard.action_redeem()
        self.plain_partner.with_context(tracking_disable=False).with_user(
            self.kam_user
        ).write({"kam_referred_by_id": self.account.id})
        self.account.sudo()._kam_schedule_churn_activities()
        self.env.cr.flush()
        # The tracking of the referrer (a field of key-account users) is
        # restricted as a whole: no empty "removed" line for the others.
        referral_logs = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.plain_partner.id),
                ("tracking_value_ids", "!=", False),
            ]
        )
        self.assertTrue(all(referral_logs.mapped("kam_restricted")))
        all_messages, _body = self._visible_bodies(self.kam_user)
        restricted = all_messages.filtered("kam_restricted")
        self.assertGreaterEqual(len(restricted), 2, "level email and points note")
        for user in (self.employee, self.contact_creator):
            with self.subTest(user=user.login):
                messages, bodies = self._visible_bodies(user)
                self.assertFalse(messages & restricted)
                self.assertNotIn("redeemed", bodies)
                self.assertNotIn("Silver", bodies)
                # Reading the chatter as Odoo's client does.
                fetched = (
                    self.env["mail.message"]
                    .with_user(user)
                    ._message_fetch(
                        [
                            ("model", "=", "res.partner"),
                            ("res_id", "=", self.account.id),
                        ]
                    )["messages"]
                )
                self.assertFalse(fetched & restricted)
                with self.assertRaises(AccessError):
                    restricted.with_user(user).read(["body"])
                # No empty "removed" line from restricted tracking.
                self.assertTrue(referral_logs)
                self.assertFalse(
                    referral_logs.with_user(user).exists()
                    & (
                        self.env["mail.message"]
                        .with_user(user)
                        .search([("id", "in", referral_logs.ids)])
                    )
                )
                activities = (
                    self.env["mail.activity"]
                    .with_user(user)
                    .search([("res_model", "=", "res.partner")])
                )
                self.assertFalse(activities.filtered("kam_restricted"))
        # Key-account users see them all.
        kam_messages, bodies = self._visible_bodies(self.kam_user2)
        self.assertTrue(restricted <= kam_messages)


class TestOwnAccountsSetting(KamSecurityCase):
    def _set(self, value):
        self.env["res.config.settings"].create(
            {"kam_own_accounts_only": value}
        ).execute()

    def test_own_accounts_only(self):
        """The setting hides other managers' key accounts from key-account
        users; key-account managers and other partners are unaffected."""
        Partner = self.env["res.partner"]
        accounts = self.account | self.other_account
        self.assertEqual(
            Partner.with_user(self.kam_user).search([("id", "in", accounts.ids)]),
            accounts,
            "off by default: teams share the archive",
        )
        self._set(True)
        self.assertTrue(
            self.env["res.config.settings"].create({}).kam_own_accounts_only
        )
        self.assertEqual(
            Partner.with_user(self.kam_user).search([("id", "in", accounts.ids)]),
            self.account,
        )
        with self.assertRaises(AccessError):
            self.other_account.with_user(self.kam_user).read(["kam_needs"])
        with self.assertRaises(AccessError):
            self.account_contact.with_user(self.kam_user2).read(["name"])
        self.assertTrue(self.plain_partner.with_user(self.kam_user).read(["name"]))
        self.assertEqual(
            Partner.with_user(self.kam_manager).search([("id", "in", accounts.ids)]),
            accounts,
        )
        self._set(False)
        self.assertEqual(
            Partner.with_user(self.kam_user).search([("id", "in", accounts.ids)]),
            accounts,
        )
