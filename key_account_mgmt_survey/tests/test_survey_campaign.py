from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.key_account_mgmt_survey.models import res_partner_survey_campaign
from odoo.tests import tagged

from .common import KamSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyCampaign(KamSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["kam.tier"]
        # Only the tiers of this test survey their accounts.
        Tier.search([]).write({"survey_interval_months": 0})
        cls.tier_quarterly = Tier.create(
            {"name": "Quarterly Surveys", "survey_interval_months": 3}
        )
        cls.tier_half_yearly = Tier.create(
            {"name": "Half-Yearly Surveys", "survey_interval_months": 6}
        )
        cls.account.kam_tier_id = cls.tier_quarterly
        Partner = cls.env["res.partner"]
        cls.std_account = Partner.create(
            {
                "name": "Standard Trading Co.",
                "is_company": True,
                "is_key_account": True,
                "kam_tier_id": cls.tier_half_yearly.id,
                "kam_manager_id": cls.kam_user2.id,
            }
        )
        cls.std_contact = Partner.create(
            {
                "name": "Wang Fang",
                "parent_id": cls.std_account.id,
                "email": "wf@standard.example.com",
            }
        )
        # A strategic account that nobody can be surveyed at.
        cls.silent_account = Partner.create(
            {
                "name": "Silent Industries",
                "is_company": True,
                "is_key_account": True,
                "kam_tier_id": cls.tier_quarterly.id,
                "kam_manager_id": cls.kam_user.id,
            }
        )
        Partner.create({"name": "No Email", "parent_id": cls.silent_account.id})
        cls.Invitation = cls.env["kam.survey.invitation"]

    def _run(self, when):
        with freeze_time(when):
            return self.env["res.partner"]._cron_kam_survey_campaign()

    def test_campaign_invites_due_accounts_once_per_period(self):
        invitations = self._run("2026-02-10 02:00:00")
        self.assertEqual(invitations.account_id, self.account | self.std_account)
        by_account = {inv.account_id: inv for inv in invitations}
        self.assertEqual(str(by_account[self.account].period_start), "2026-01-01")
        self.assertEqual(str(by_account[self.std_account].period_start), "2026-01-01")
        # The main contact (the first person with an email) is invited
        # through Odoo's survey invitation: a new answer and an email.
        self.assertEqual(by_account[self.account].partner_ids, self.account_contact)
        answers = invitations.user_input_ids
        self.assertEqual(answers.partner_id, self.account_contact | self.std_contact)
        self.assertEqual(set(answers.mapped("state")), {"new"})
        self.assertEqual(answers.survey_id, self.survey)
        self.assertEqual(answers.kam_account_id, self.account | self.std_account)
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.account_contact.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertIn(
            answers.filtered(
                lambda a: a.partner_id == self.account_contact
            ).access_token,
            mails.body_html,
        )
        # The account manager follows it in the chatter.
        log = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.account.id)]
        )
        self.assertTrue(any("Survey campaign" in str(m.body) for m in log))
        # Run twice: nobody is invited again within the period.
        self.assertFalse(self._run("2026-02-10 02:00:00"))
        self.assertFalse(self._run("2026-03-31 02:00:00"))
        self.assertEqual(self.Invitation.search_count([]), 2)
        self.assertEqual(
            self.env["survey.user_input"].search_count(
                [("partner_id", "in", (self.account_contact | self.std_contact).ids)]
            ),
            2,
        )
        # A new quarter: the strategic account again, not the half-yearly one.
        self.assertEqual(self._run("2026-04-01 02:00:00").account_id, self.account)
        self.assertFalse(self._run("2026-06-30 02:00:00"))
        self.assertEqual(
            self._run("2026-07-01 02:00:00").account_id,
            self.account | self.std_account,
        )
        self.assertFalse(
            self.Invitation.search([("account_id", "=", self.silent_account.id)])
        )
        self.assertFalse(
            self.Invitation.search([("account_id", "=", self.other_account.id)])
        )

    def test_campaign_resumes_after_interruption(self):
        cron = self.env.ref("key_account_mgmt_survey.ir_cron_kam_survey_campaign")
        Partner = self.env["res.partner"].with_context(cron_id=cron.id)
        with (
            patch.object(
                res_partner_survey_campaign, "KAM_SURVEY_CAMPAIGN_BATCH_SIZE", 1
            ),
            patch.object(
                type(self.env["ir.cron"]), "_commit_progress", return_value=0
            ) as progress,
            freeze_time("2026-02-10 02:00:00"),
        ):
            # The time is up after the first batch.
            first = Partner._cron_kam_survey_campaign()
            self.assertEqual(first.account_id, self.account)
            # Due: this account, the standard one and the silent one (which
            # has nobody to survey, and is retried until it has).
            progress.assert_called_once_with(1, remaining=2)
            # The next run goes on with the accounts not invited yet.
            second = Partner._cron_kam_survey_campaign()
            self.assertEqual(second.account_id, self.std_account)
            self.assertFalse(Partner._cron_kam_survey_campaign())
        self.assertEqual(self.Invitation.search_count([]), 2)

    def test_campaign_follows_the_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.survey_campaign_survey_id", self.needs_survey.id
        )
        invitations = self._run("2026-02-10 02:00:00")
        self.assertEqual(invitations.survey_id, self.needs_survey)
        self.survey.active = False
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.survey_campaign_survey_id", False
        )
        self.assertFalse(self._run("2026-04-10 02:00:00"))
