import datetime
import math

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common_rhythm import KamRhythmCommon

# Queries for one batch of the scores cron, whatever its size: reading the
# accounts and the signals (one aggregate per provider: contact recency,
# overdue activities, satisfaction, complaints, points), looking up open
# activities; the UPDATE of the scores only when some change (not in the
# steady state below: the same day again).
# + churn and snapshots (res_partner_churn.py): the stages before and after
# the batch, this month's snapshots (INSERT ... ON CONFLICT, UPDATE).
STEADY_QUERIES = 7 + 4
# When accounts change stage or rise to high risk, the batch also writes
# messages, tracking values, activities and followers: a constant number of
# queries plus the ORM's INSERT statements, one per 100 new rows and table.
# + churn (res_partner_churn.py): the lost date of the accounts that became
# lost and one "Churn Reason" activity each.
# + 2 (mail_message.py): the new messages' tracking values read once and the
# key-account messages flagged for key-account users in one UPDATE.
TRANSITION_QUERIES = 28 + 4 + 12 + 2
INSERT_TABLES = 4
# Signal providers of this addon: a bridge (e.g. key_account_mgmt_sale) that
# adds a provider may add its ONE aggregate query per batch, no more.
CORE_SIGNAL_PROVIDERS = 5


@tagged("post_install", "-at_install")
class TestHealthPerformance(KamRhythmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tiers = cls.tier_strategic | cls.tier_key | cls.tier_standard
        managers = cls.kam_user | cls.kam_user2
        cls.perf_accounts = cls.env["res.partner"].create(
            [
                {
                    "name": f"Scored Account {i:04d}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": tiers[i % 3].id,
                    "kam_manager_id": managers[i % 2].id,
                    "kam_since": "2022-01-01",
                }
                for i in range(2000)
            ]
        )
        # Varied signals: recent, old and no interactions, overdue activities,
        # ratings; every account starts "new" and "low" so that the batch
        # also writes stage changes and churn-risk activities.
        Interaction = cls.env["kam.interaction"]
        Interaction.create(
            [
                {
                    "partner_id": account.id,
                    "date": "2026-06-01" if i % 3 else "2025-03-01",
                    "summary": "Call",
                }
                for i, account in enumerate(cls.perf_accounts)
                if i % 5
            ]
        )
        model_id = cls.env["ir.model"]._get_id("res.partner")
        cls.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": account.id,
                    "activity_type_id": cls.todo_type.id,
                    "user_id": account.kam_manager_id.id,
                    "date_deadline": "2026-05-01",
                }
                for account in cls.perf_accounts[::7]
            ]
        )
        cls.env["rating.rating"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": account.id,
                    "partner_id": account.id,
                    "rating": 5 if i % 2 else 1,
                    "consumed": True,
                }
                for i, account in enumerate(cls.perf_accounts[::4])
            ]
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET kam_lifecycle_stage = 'new', kam_churn_risk = 'low'
                 WHERE id = ANY(%s)
                """,
                cls.perf_accounts.ids,
            )
        )
        cls.perf_accounts.invalidate_recordset()

    def _batch_queries(self, partners, expected):
        """Run one batch of the scores cron, return its number of queries."""
        Partner = self.env["res.partner"]
        expected += len(Partner._kam_score_signals()) - CORE_SIGNAL_PROVIDERS
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with self.assertQueryCount(expected):
            Partner._kam_recompute_health(partners)
        return self.env.cr.sql_log_count - before

    def test_scores_batch_query_count(self):
        accounts = self.perf_accounts
        small, large = accounts[10:110], accounts[110:1110]
        with freeze_time("2026-06-30"):
            # Warm the caches (settings, XML ids, models) with a first batch.
            self.env["res.partner"]._kam_recompute_health(accounts[:10])
            # First pass: every account changes stage, many rise to high risk.
            for batch in (small, large):
                self._batch_queries(
                    batch,
                    TRANSITION_QUERIES + INSERT_TABLES * math.ceil(len(batch) / 100),
                )
            # The batches did their work: scores, stage changes, warnings.
            computed = small | large
            self.assertTrue(all(computed.mapped("kam_health_date")))
            self.assertEqual(
                set(computed.mapped("kam_lifecycle_stage")), {"mature", "lost"}
            )
            high = computed.filtered(lambda a: a.kam_churn_risk == "high")
            self.assertTrue(high)
            self.assertEqual(
                self.env["mail.activity"].search_count(
                    [
                        ("res_model", "=", "res.partner"),
                        ("res_id", "in", high.ids),
                        ("activity_type_id", "=", self.churn_type.id),
                    ]
                ),
                len(high),
            )
            self.assertEqual(
                self.env["mail.tracking.value"].search_count(
                    [
                        ("field_id.name", "=", "kam_lifecycle_stage"),
                        ("mail_message_id.res_id", "in", computed.ids),
                    ]
                ),
                len(computed),
            )
            # Daily recomputation: the same count for 100 and 1,000 accounts.
            steady_small = self._batch_queries(small, STEADY_QUERIES)
            steady_large = self._batch_queries(large, STEADY_QUERIES)
        self.assertEqual(steady_small, steady_large)

    def test_scores_cron_all_accounts(self):
        """The cron goes through all 2,000 accounts in batches."""
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        self.assertFalse(
            self.perf_accounts.filtered(
                lambda a: a.kam_health_date != datetime.date(2026, 6, 30)
            )
        )
