from odoo.tests import tagged, users, warmup

from .common import KamCommon

LIST_SPEC = {
    "complete_name": {},
    "kam_tier_id": {"fields": {"display_name": {}}},
    "kam_tier_color": {},
    "kam_manager_id": {"fields": {"display_name": {}}},
    "kam_backup_manager_id": {"fields": {"display_name": {}}},
    "kam_since": {},
    "kam_preferred_channel": {},
    "phone": {},
    "email": {},
    "city": {},
    "country_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "activity_ids": {},
    "company_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestPerformance(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tiers = cls.tier_strategic | cls.tier_key | cls.tier_standard
        managers = cls.kam_user | cls.kam_user2
        cls.env["res.partner"].create(
            [
                {
                    "name": f"Perf Account {i:03d}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": tiers[i % 3].id,
                    "kam_manager_id": managers[i % 2].id,
                    "kam_backup_manager_id": cls.kam_manager.id,
                    "kam_preferred_channel": "phone",
                    "email": f"perf{i}@example.com",
                    "city": "Shanghai",
                    "country_id": cls.env.ref("base.cn").id,
                }
                for i in range(80)
            ]
        )
        cls.domain = [("name", "like", "Perf Account")] + list(
            cls.env["res.partner"]._kam_account_domain()
        )

    @users("kam_test_director")
    @warmup
    def test_key_account_list_query_count(self):
        Partner = self.env["res.partner"]
        # The count does not depend on the number of accounts read.
        with self.assertQueryCount(kam_test_director=9):
            result = Partner.web_search_read(
                self.domain, LIST_SPEC, limit=10, order="complete_name"
            )
        self.assertEqual(len(result["records"]), 10)
        self.env.invalidate_all()
        with self.assertQueryCount(kam_test_director=9):
            result = Partner.web_search_read(
                self.domain, LIST_SPEC, limit=80, order="complete_name"
            )
        self.assertEqual(result["length"], 80)
        self.assertEqual(len(result["records"]), 80)
        self.assertTrue(all(r["kam_tier_id"] for r in result["records"]))

    @users("kam_user")
    @warmup
    def test_my_key_accounts_list_query_count(self):
        Partner = self.env["res.partner"]
        domain = self.domain + [
            "|",
            ("kam_manager_id", "=", self.env.uid),
            ("kam_backup_manager_id", "=", self.env.uid),
        ]
        with self.assertQueryCount(kam_user=8):
            result = Partner.web_search_read(domain, LIST_SPEC, limit=80)
        self.assertEqual(result["length"], 40)
