"""The archive review job stops cleanly after a batch and resumes where it
stopped: no Review Archive activity twice (see test_jobs_resumable.py)."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamCommon
from .test_jobs_resumable import time_is_up


@tagged("post_install", "-at_install")
class TestArchiveReviewJobResumes(KamCommon):
    def test_archive_review_resumes(self):
        Partner = self.env["res.partner"]
        review_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_archive_review"
        )
        with freeze_time("2026-01-10"):
            accounts = Partner.create(
                [
                    {
                        "name": f"Review Me {i}",
                        "is_company": True,
                        "is_key_account": True,
                        "kam_tier_id": self.tier_key.id,
                        "kam_manager_id": user.id,
                    }
                    for i, user in enumerate((self.kam_user, self.kam_user2))
                ]
            )
        Activity = self.env["mail.activity"]

        def reviews():
            return [
                Activity.search_count(
                    [
                        ("res_model", "=", "res.partner"),
                        ("res_id", "=", account.id),
                        ("activity_type_id", "=", review_type.id),
                    ]
                )
                for account in accounts
            ]

        all_reviews = [("activity_type_id", "=", review_type.id)]
        before = Activity.search_count(all_reviews)
        with (
            freeze_time("2026-04-10"),
            patch(
                "odoo.addons.key_account_mgmt.models.res_partner_archive_review."
                "KAM_REVIEW_BATCH_SIZE",
                1,
            ),
        ):
            with time_is_up(self.env) as progress:
                Partner._cron_kam_archive_review()
            self.assertEqual(progress.call_count, 1, "stopped after one batch")
            self.assertEqual(progress.call_args.args, (1,), "a batch of one")
            self.assertGreaterEqual(progress.call_args.kwargs["remaining"], 1)
            self.assertEqual(
                Activity.search_count(all_reviews) - before, 1, "one batch of one"
            )
            Partner._cron_kam_archive_review()
            self.assertEqual(reviews(), [1, 1])
            done = Activity.search_count(all_reviews)
            Partner._cron_kam_archive_review()
            self.assertEqual(reviews(), [1, 1])
            self.assertEqual(Activity.search_count(all_reviews), done)
