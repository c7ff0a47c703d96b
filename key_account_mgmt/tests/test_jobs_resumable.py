"""Every scheduled job stops cleanly after a batch and resumes where it stopped.

``ir.cron._kam_commit_progress`` returning 0 is the cron's time limit reached
after the first batch (in a cron run, ``_commit_progress`` has committed that
batch): the job must stop there; running it again finishes the work, and a
third run changes nothing. No activity, email, expiry line or greeting twice.
"""

from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common_complaint import KamComplaintCommon
from .common_points import KamPointsCommon
from .common_rhythm import KamRhythmCommon


@contextmanager
def time_is_up(env):
    """The cron's time is up after each batch."""
    with patch.object(
        env.registry["ir.cron"], "_kam_commit_progress", return_value=0
    ) as progress:
        yield progress


@tagged("post_install", "-at_install")
class TestRhythmJobsResume(KamRhythmCommon):
    def _revisits(self):
        return {
            account: len(self._activities(account, self.revisit_type))
            for account in self.account | self.other_account
        }

    def test_revisit_plan_resumes(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.revisit_lead_days", 7
        )
        self._log(self.account, "2026-03-01")  # due 31 March
        self._log(self.other_account, "2026-01-01")  # due 2 March
        with freeze_time("2026-03-26"):
            with time_is_up(self.env) as progress:
                self.Partner._cron_kam_revisit_plan(batch_size=1)
            self.assertEqual(progress.call_count, 1, "stopped after one batch")
            self.assertEqual(sorted(self._revisits().values()), [0, 1])
            self.assertEqual(progress.call_args.args, (1, 1), "one done, one left")
            self.Partner._cron_kam_revisit_plan(batch_size=1)
            self.assertEqual(list(self._revisits().values()), [1, 1])
            self.Partner._cron_kam_revisit_plan(batch_size=1)
            self.assertEqual(list(self._revisits().values()), [1, 1])

    def test_scores_resume(self):
        # Every account is at high risk: each gets one churn-risk activity.
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("key_account_mgmt.risk_high_below", 101)
        Param.set_param("key_account_mgmt.risk_medium_below", 101)
        accounts = self.Partner.search(self.Partner._kam_account_domain())
        self.assertGreaterEqual(len(accounts), 2)

        def churn_activities():
            return [len(self._activities(a, self.churn_type)) for a in accounts]

        with (
            freeze_time("2026-03-26"),
            patch(
                "odoo.addons.key_account_mgmt.models.res_partner_health."
                "KAM_HEALTH_BATCH_SIZE",
                1,
            ),
        ):
            with time_is_up(self.env):
                self.Partner._cron_kam_recompute_scores()
            computed = accounts.filtered("kam_health_date")
            self.assertEqual(len(computed), 1, "stopped after one batch")
            self.assertEqual(sum(churn_activities()), 1)
            self.Partner._cron_kam_recompute_scores()
            self.assertTrue(all(accounts.mapped("kam_health_date")))
            self.assertEqual(churn_activities(), [1] * len(accounts))
            self.Partner._cron_kam_recompute_scores()
            self.assertEqual(churn_activities(), [1] * len(accounts))

    def test_care_greetings_resume(self):
        Occasion = self.env["kam.care.occasion"]
        Greeting = self.env["kam.care.greeting"]
        Occasion.search([]).active = False
        mid_autumn = self.env.ref("key_account_mgmt.kam_care_occasion_mid_autumn")
        birthday = self.env.ref("key_account_mgmt.kam_care_occasion_birthday")
        (mid_autumn | birthday).active = True
        self.account_contact.write({"kam_birthday": "1980-10-06"})
        occasions = mid_autumn | birthday

        def greetings():
            return {
                occasion: Greeting.search_count([("occasion_id", "=", occasion.id)])
                for occasion in occasions
            }

        with freeze_time("2025-10-06"):
            with time_is_up(self.env) as progress:
                Occasion._cron_kam_care_greetings()
            self.assertEqual(progress.call_count, 1, "stopped after one occasion")
            first = greetings()
            self.assertEqual(sorted(bool(count) for count in first.values()), [0, 1])
            Occasion._cron_kam_care_greetings()
            done = greetings()
            self.assertTrue(all(done.values()))
            mails = self.env["mail.mail"].search_count([])
            Occasion._cron_kam_care_greetings()
            self.assertEqual(greetings(), done)
            self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        # Each recipient once per occasion and year.
        rows = Greeting.search([("occasion_id", "in", occasions.ids)])
        keys = [(g.occasion_id, g.partner_id, g.year) for g in rows]
        self.assertEqual(len(keys), len(set(keys)))


@tagged("post_install", "-at_install")
class TestComplaintJobResume(KamComplaintCommon):
    def test_sla_job_resumes(self):
        breach_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_sla_breach")
        with freeze_time("2026-03-02 09:00:00"):
            complaints = self._complaint(self.dt(2026, 3, 2, 9, 0)) | self._complaint(
                self.dt(2026, 3, 2, 9, 0)
            )

        def counts(model, complaint, **domain):
            if model == "mail.activity":
                return self.env[model].search_count(
                    [
                        ("res_model", "=", "kam.complaint"),
                        ("res_id", "=", complaint.id),
                        ("activity_type_id", "=", breach_type.id),
                    ]
                )
            return self.env[model].search_count(
                [("model", "=", "kam.complaint"), ("res_id", "=", complaint.id)]
            )

        with freeze_time("2026-03-02 17:30:00"):
            with time_is_up(self.env) as progress:
                _warned, escalated = self.Complaint._cron_kam_complaint_sla(
                    batch_size=1
                )
            self.assertEqual(progress.call_count, 1)
            self.assertEqual(len(escalated), 1, "stopped after one batch")
            _warned, rest = self.Complaint._cron_kam_complaint_sla(batch_size=1)
            self.assertEqual(rest, complaints - escalated)
            self.Complaint._cron_kam_complaint_sla(batch_size=1)
        for complaint in complaints:
            self.assertEqual(complaint.sla_status, "breached")
            self.assertEqual(counts("mail.activity", complaint), 1)
            self.assertEqual(counts("mail.mail", complaint), 1)


@tagged("post_install", "-at_install")
class TestPointsJobResume(KamPointsCommon):
    def test_expiry_resumes(self):
        with freeze_time("2025-01-10"):
            first = self.customer.kam_earn_points(
                100, "A", expiry_date=date(2025, 3, 31)
            )
            second = self.customer.kam_earn_points(
                50, "B", expiry_date=date(2025, 3, 31)
            )
        expiries = self.Line.search([("kind", "=", "expire")])
        with freeze_time("2025-04-01"):
            with time_is_up(self.env):
                self.Line._cron_kam_points_expiry(batch_size=1)
            done = self.Line.search([("kind", "=", "expire")]) - expiries
            self.assertEqual(len(done), 1, "stopped after one batch")
            self.Line._cron_kam_points_expiry(batch_size=1)
            self.Line._cron_kam_points_expiry(batch_size=1)
        done = self.Line.search([("kind", "=", "expire")]) - expiries
        self.assertEqual(sorted(done.source_line_id.ids), sorted((first | second).ids))
        self.assertEqual(len(done), 2, "one expiry line per earning")
        self.assertEqual(self.customer.kam_points_balance, 0)
        self.assertBalanceIsLedgerSum(self.customer)

    def test_member_levels_resume(self):
        regular = self.env.ref("key_account_mgmt.kam_member_level_regular")
        silver = self.env.ref("key_account_mgmt.kam_member_level_silver")
        self.env["kam.member.level"].search(
            [("id", "not in", (regular | silver).ids)]
        ).active = False
        regular.min_points = 0
        silver.min_points = 1000
        second = self.env["res.partner"].create(
            {"name": "Second Customer", "email": "second@example.com"}
        )
        customers = self.customer | second
        # (the level query reads commercial_partner_id from the database)
        self.env.flush_all()
        with freeze_time("2025-01-15"):
            for customer in customers:
                customer.kam_earn_points(1200, "SO")
        self.assertEqual([c.kam_member_level_id.id for c in customers], [silver.id] * 2)

        def level_mails():
            return [
                self.env["mail.mail"].search_count(
                    [
                        ("model", "=", "res.partner"),
                        ("res_id", "=", customer.id),
                        ("mail_message_id.subject", "ilike", "member level"),
                    ]
                )
                for customer in customers
            ]

        self.assertEqual(level_mails(), [1, 1])
        Partner = self.env["res.partner"]
        with freeze_time("2026-02-01"):  # the points no longer qualify
            with time_is_up(self.env):
                Partner._kam_recompute_levels_of_non_accounts(batch_size=1)
            self.assertEqual(sorted(level_mails()), [1, 2], "stopped after one")
            Partner._kam_recompute_levels_of_non_accounts(batch_size=1)
            Partner._kam_recompute_levels_of_non_accounts(batch_size=1)
        self.assertEqual(
            [c.kam_member_level_id.id for c in customers], [regular.id] * 2
        )
        self.assertEqual(level_mails(), [2, 2], "one downgrade email each")
