from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class KamCommon(TransactionCase):
    """Users per role and a few key accounts, without demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # Least-privileged users, one per role.
        cls.employee = new_test_user(
            cls.env, login="kam_employee", groups="base.group_user", name="Employee"
        )
        cls.contact_creator = new_test_user(
            cls.env,
            login="kam_contact_creator",
            groups="base.group_user,base.group_partner_manager",
            name="Contact Creator",
        )
        cls.kam_user = new_test_user(
            cls.env,
            login="kam_user",
            groups="key_account_mgmt.group_kam_user",
            name="Account Manager",
        )
        cls.kam_user2 = new_test_user(
            cls.env,
            login="kam_user2",
            groups="key_account_mgmt.group_kam_user",
            name="Other Account Manager",
        )
        cls.kam_manager = new_test_user(
            cls.env,
            login="kam_test_director",
            groups="key_account_mgmt.group_kam_manager",
            name="Key Account Director",
        )
        cls.tier_strategic = cls.env.ref("key_account_mgmt.kam_tier_strategic")
        cls.tier_key = cls.env.ref("key_account_mgmt.kam_tier_key")
        cls.tier_standard = cls.env.ref("key_account_mgmt.kam_tier_standard")
        Partner = cls.env["res.partner"]
        cls.account = Partner.create(
            {
                "name": "华信科技有限公司",
                "is_company": True,
                "is_key_account": True,
                "kam_tier_id": cls.tier_strategic.id,
                "kam_manager_id": cls.kam_user.id,
            }
        )
        cls.account_contact = Partner.create(
            {"name": "张伟", "parent_id": cls.account.id, "email": "zw@example.com"}
        )
        cls.other_account = Partner.create(
            {
                "name": "Nordwind Engineering GmbH",
                "is_company": True,
                "is_key_account": True,
                "kam_tier_id": cls.tier_key.id,
                "kam_manager_id": cls.kam_user2.id,
            }
        )
        cls.plain_partner = Partner.create({"name": "Walk-in Customer"})
        # Run the precommit hooks now, so that changes made by the tests are
        # tracked like changes to existing records.
        cls.env.cr.flush()
