from odoo.addons.key_account_mgmt.hooks import fill_duplicate_keys
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestDuplicateCheck(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.env["res.partner"].create(
            {
                "name": "上海某某科技有限公司",
                "is_company": True,
                "company_registry": "91310000MA1FL0000X",
                "vat": "CN91310115MA1H7XXXX1",
                "phone": "13800138000",
                "email": "info@mouke-tech.cn",
                "is_key_account": True,
                "kam_tier_id": cls.tier_key.id,
                "kam_manager_id": cls.kam_user.id,
                "kam_needs": "<p>SECRET-NEEDS</p>",
                "kam_preferences": "<p>SECRET-PREFERENCES</p>",
            }
        )
        cls.env["res.partner"].create(
            {
                "name": "陈静",
                "parent_id": cls.existing.id,
                "phone": "021-6888 8888",
                "email": "chenjing@mouke-tech.cn",
                "kam_birthday": "1985-05-05",
            }
        )

    def _set(self, mode="warn", criteria="name,registry,vat,phone,email_domain"):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("key_account_mgmt.duplicate_mode", mode)
        params.set_param("key_account_mgmt.duplicate_criteria", criteria)

    def _matches(self, vals, user=None):
        Partner = self.env["res.partner"].with_user(user or self.contact_creator)
        partner = Partner.new(dict({"is_company": True}, **vals))
        return partner.kam_duplicate_ids._origin, partner.kam_duplicate_warning

    def test_each_criterion(self):
        """Each criterion finds the existing account, through the account or
        one of its contacts; unrelated values find nothing."""
        cases = {
            "name": {"name": "上海某某科技 有限公司"},
            "name (full width, suffix)": {"name": "上海某某科技（股份有限公司）"},
            "registry": {"name": "X", "company_registry": "91310000 ma1fl0000x"},
            "vat": {"name": "X", "vat": "91310115MA1H7XXXX1"},
            "registry as vat": {"name": "X", "vat": "91310000MA1FL0000X"},
            "phone": {"name": "X", "phone": "+86 138 0013 8000"},
            "contact's phone": {"name": "X", "phone": "+86 21 6888 8888"},
            "email domain": {"name": "X", "email": "sales@MOUKE-TECH.cn"},
        }
        for label, vals in cases.items():
            with self.subTest(label):
                matches, warning = self._matches(vals)
                self.assertEqual(matches, self.existing)
                self.assertIn("上海某某科技有限公司", warning)
        for vals in (
            {"name": "上海某某贸易有限公司"},
            {"name": "X", "email": "someone@qq.com"},
            {"name": "X", "phone": "13800138001"},
        ):
            with self.subTest(vals=vals):
                self.assertFalse(self._matches(vals)[0])

    def test_criteria_setting(self):
        """Only the criteria switched on in the settings apply."""
        self._set(criteria="name,registry,vat,email_domain")
        self.assertFalse(self._matches({"name": "X", "phone": "13800138000"})[0])
        self.assertTrue(self._matches({"name": "上海某某科技"})[0])
        self._set(mode="off")
        self.assertFalse(self._matches({"name": "上海某某科技"})[0])

    def test_contacts_and_self_not_flagged(self):
        """A partner is not its own duplicate, nor are its contacts; a
        contact of a company is not checked."""
        self.existing.invalidate_recordset()
        self.assertFalse(self.existing.kam_duplicate_ids)
        contact = self.existing.child_ids
        self.assertFalse(contact.kam_duplicate_ids)

    def test_block_mode(self):
        """Block mode refuses the save with a clear message; warn mode saves."""
        Partner = self.env["res.partner"].with_user(self.contact_creator)
        copy = Partner.create({"name": "上海某某科技 有限公司", "is_company": True})
        self.assertEqual(copy.kam_duplicate_ids, self.existing)
        self._set(mode="block")
        with self.assertRaisesRegex(ValidationError, "already exists"):
            Partner.create({"name": "上海 某某科技有限公司", "is_company": True})
        other = Partner.create({"name": "Hangzhou Other", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "same phone"):
            other.write({"phone": "+86 138 0013 8000"})

    def test_merge_in_block_mode(self):
        """The Merge button opens Odoo's merge wizard, which merges the
        duplicates even in block mode."""
        copy = self.env["res.partner"].create(
            {
                "name": "上海某某科技 有限公司",
                "is_company": True,
                "email": "info@mouke-tech.cn",
            }
        )
        self._set(mode="block")
        action = copy.with_user(self.contact_creator).action_kam_merge_duplicates()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.contact_creator)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, copy | self.existing)
        wizard.dst_partner_id = self.existing
        wizard.action_merge()
        self.assertFalse(copy.exists())
        self.assertTrue(self.existing.is_key_account)

    def test_banner_hides_the_archive(self):
        """A user without key-account rights sees the match's name, tier and
        manager, never its archive."""
        matches, warning = self._matches({"name": "上海某某科技"}, user=self.employee)
        self.assertEqual(matches, self.existing)
        self.assertIn(self.tier_key.name, warning)
        self.assertIn(self.kam_user.name, warning)
        for secret in ("SECRET-NEEDS", "SECRET-PREFERENCES", "陈静", "1985"):
            self.assertNotIn(secret, warning)

    def test_pinned_query_count(self):
        """With 10,000 partners, checking one partner or fifty costs the same
        small number of queries (indexed keys, one query for all); each of
        them here has one duplicate (partners 2n and 2n+1 share a phone)."""
        # accounting (installed with Sales) adds a required column
        extra = "autopost_bills" in self.env["res.partner"]._fields
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO res_partner (name, type, active, is_company, phone,
                                         kam_dup_name_key, kam_dup_phone_key,
                                         kam_dup_email_domain %s)
                SELECT 'Company ' || n, 'contact', TRUE, TRUE,
                       '+86 139 0000 ' || lpad((n / 2)::text, 4, '0'),
                       'company' || n, '1390000' || lpad((n / 2)::text, 4, '0'),
                       'c' || n || '.example.cn' %s
                  FROM generate_series(0, 9999) AS n
                """,
                SQL(", autopost_bills" if extra else ""),
                SQL(", 'ask'" if extra else ""),
            )
        )
        self.env.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id "
            "WHERE commercial_partner_id IS NULL"
        )
        Partner = self.env["res.partner"].with_user(self.contact_creator)
        partners = Partner.search(
            [("name", "like", "Company %")], order="id", limit=1000
        )
        # the first of each pair: its duplicate is not among the checked ones
        firsts = partners[0::2]
        firsts[:1].mapped("kam_duplicate_warning")  # warm the caches
        # read of the partners checked, the duplicate query, one read of all
        # the matches, the user and language for the wording of the banner
        for batch in (firsts[1:2], firsts[2:52], firsts[52:500]):
            self.env.invalidate_all()
            with self.assertQueryCount(6):
                warnings = batch.mapped("kam_duplicate_warning")
            self.assertTrue(all(warnings))
        self.env.invalidate_all()
        one = Partner.new({"name": "Company 42 Ltd", "is_company": True})
        with self.assertQueryCount(6):
            self.assertIn("Company 42", one.kam_duplicate_warning)

    def test_keys_filled_at_install(self):
        """The install hook fills the keys of partners that existed before
        (written by SQL, as the ORM never computed them)."""
        self.env.cr.execute(
            "UPDATE res_partner SET kam_dup_name_key = NULL, kam_dup_phone_key = NULL "
            "WHERE id = %s",
            (self.existing.id,),
        )
        self.existing.invalidate_recordset()
        fill_duplicate_keys(self.env, batch_size=3)
        self.assertEqual(self.existing.sudo().kam_dup_name_key, "上海某某科技")
        self.assertEqual(self.existing.sudo().kam_dup_phone_key, "13800138000")
