from freezegun import freeze_time

from odoo.tests import tagged

from .common_rhythm import KamRhythmCommon

# Queries of one create of interactions, whatever their number (17 with the
# core alone or with the bridges, a few more allowed): the interactions, their
# chatter notes, the Revisits they close, and the visit dates of their
# accounts (stored computes: one aggregate for the batch).
CREATE_QUERIES = 20
# Queries of one run of the revisit-plan job, whatever the number of accounts
# due (27 for 10 accounts due, 21 for 100 whose followers exist already):
# the accounts due, their open activities, the new activities.
REVISIT_PLAN_QUERIES = 30


@tagged("post_install", "-at_install")
class TestRevisitPerformance(KamRhythmCommon):
    """The visit dates are stored computes filled in batch: logging many
    interactions at once, or planning many revisits, costs a fixed number of
    queries, not one or more per account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.revisit_lead_days", 7
        )
        managers = cls.kam_user | cls.kam_user2
        cls.perf_accounts = cls.env["res.partner"].create(
            [
                {
                    "name": f"Rhythm Account {i:03d}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": cls.tier_strategic.id,
                    "kam_manager_id": managers[i % 2].id,
                    # Strategic tier: revisited every 30 days.
                    "kam_since": "2026-01-01" if i < 10 else "2026-02-01",
                }
                for i in range(110)
            ]
        )

    def _log_many(self, accounts, date):
        return self.Interaction.with_user(self.kam_manager).create(
            [
                {
                    "partner_id": account.id,
                    "date": date,
                    "channel": "phone",
                    "summary": f"Call with {account.name}",
                }
                for account in accounts
            ]
        )

    def test_create_interactions_query_count(self):
        accounts = self.perf_accounts
        # Warm the caches (settings, XML ids, models) with a first create.
        self._log_many(accounts[:2], "2026-03-01")
        self.env.flush_all()
        counts = []
        for batch in (accounts[2:12], accounts[12:112]):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.assertQueryCount(CREATE_QUERIES):
                self._log_many(batch, "2026-03-02")
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(
                set(batch.mapped("kam_last_interaction_date")),
                {self._date("2026-03-02")},
            )
            self.assertEqual(
                set(batch.mapped("kam_next_visit_date")), {self._date("2026-04-01")}
            )
        self.assertEqual(counts[0], counts[1], "10 or 100 interactions: same count")

    def test_revisit_plan_query_count(self):
        accounts = self.perf_accounts
        # Warm the caches with a run on 10 January (nothing due).
        with freeze_time("2026-01-10"):
            self.Partner._cron_kam_revisit_plan()
        counts = []
        # 28 January: the 10 accounts due on 31 January; 1 March: the 100 due
        # on 3 March (the first 10 have their Revisit already).
        for day, due in (("2026-01-28", accounts[:10]), ("2026-03-01", accounts)):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(day), self.assertQueryCount(REVISIT_PLAN_QUERIES):
                self.Partner._cron_kam_revisit_plan()
            counts.append(self.env.cr.sql_log_count - before)
            for account in due:
                self.assertEqual(len(self._activities(account, self.revisit_type)), 1)
        self.assertEqual(
            len(self._activities(accounts, self.revisit_type)), len(accounts)
        )
        self.assertLessEqual(counts[1], counts[0], "100 accounts cost what 10 do")
