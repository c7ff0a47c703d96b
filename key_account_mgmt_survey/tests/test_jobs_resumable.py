"""The survey campaign job stops cleanly after a batch and resumes where it
stopped: no invitation, survey answer or email twice (see the core's
test_jobs_resumable.py)."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyCampaignJobResumes(KamSurveyCommon):
    def test_survey_campaign_resumes(self):
        Partner = self.env["res.partner"]
        Tier = self.env["kam.tier"]
        # Only the tier of this test surveys its accounts.
        Tier.search([]).write({"survey_interval_months": 0})
        tier = Tier.create({"name": "Quarterly Surveys", "survey_interval_months": 3})
        self.account.kam_tier_id = tier
        other = Partner.create(
            {
                "name": "Second Account Ltd",
                "is_company": True,
                "is_key_account": True,
                "kam_tier_id": tier.id,
                "kam_manager_id": self.kam_user2.id,
            }
        )
        other_contact = Partner.create(
            {"name": "Zhao Lei", "parent_id": other.id, "email": "zl@second.example"}
        )
        contacts = self.account_contact | other_contact
        Invitation = self.env["kam.survey.invitation"]
        Answer = self.env["survey.user_input"]
        Mail = self.env["mail.mail"]

        def counts():
            """Invitations, answers and emails of each contact."""
            return [
                (
                    Invitation.search_count([("partner_ids", "in", contact.id)]),
                    Answer.search_count([("partner_id", "=", contact.id)]),
                    Mail.search_count([("recipient_ids", "in", contact.id)]),
                )
                for contact in contacts
            ]

        with (
            freeze_time("2026-02-10 02:00:00"),
            patch(
                "odoo.addons.key_account_mgmt_survey.models."
                "res_partner_survey_campaign.KAM_SURVEY_CAMPAIGN_BATCH_SIZE",
                1,
            ),
        ):
            with patch.object(
                self.env.registry["ir.cron"], "_kam_commit_progress", return_value=0
            ) as progress:
                first = Partner._cron_kam_survey_campaign()
            self.assertEqual(progress.call_count, 1, "stopped after one batch")
            self.assertEqual(progress.call_args.args, (1,), "a batch of one")
            self.assertEqual(progress.call_args.kwargs, {"remaining": 1})
            self.assertEqual(len(first), 1)
            self.assertEqual(sorted(counts()), [(0, 0, 0), (1, 1, 1)])
            second = Partner._cron_kam_survey_campaign()
            self.assertEqual(first.account_id | second.account_id, self.account | other)
            self.assertEqual(counts(), [(1, 1, 1), (1, 1, 1)])
            self.assertFalse(Partner._cron_kam_survey_campaign())
            self.assertEqual(counts(), [(1, 1, 1), (1, 1, 1)])
