from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_complaint import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintAccess(KamComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.Complaint.create(
            {"subject": "Own account", "partner_id": cls.account_contact.id}
        )
        cls.foreign = cls.Complaint.create(
            {"subject": "Other account", "partner_id": cls.other_account.id}
        )
        cls.assigned = cls.Complaint.create(
            {
                "subject": "Assigned",
                "partner_id": cls.other_account.id,
                "user_id": cls.kam_user.id,
            }
        )
        cls.walk_in = cls.Complaint.create(
            {
                "subject": "Walk-in",
                "partner_id": cls.plain_partner.id,
                "user_id": cls.kam_user2.id,
            }
        )

    def test_employee_sees_nothing(self):
        Complaint = self.Complaint.with_user(self.employee)
        with self.assertRaises(AccessError):
            Complaint.search([])
        with self.assertRaises(AccessError):
            self.own.with_user(self.employee).read(["subject"])
        with self.assertRaises(AccessError):
            Complaint.create({"subject": "x", "partner_id": self.account.id})

    def test_user_sees_own_accounts_and_assigned(self):
        Complaint = self.Complaint.with_user(self.kam_user)
        visible = Complaint.search([("id", "in", self.all_ids)])
        self.assertEqual(
            visible.ids, sorted((self.own | self.assigned).ids, reverse=True)
        )
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.kam_user).read(["subject"])
        # handles them
        self.own.with_user(self.kam_user).action_acknowledge()
        self.assigned.with_user(self.kam_user).action_acknowledge()
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.kam_user).action_acknowledge()
        # but does not delete them
        with self.assertRaises(AccessError):
            self.own.with_user(self.kam_user).unlink()
        # the backup manager sees the account's complaints too
        self.account.sudo().kam_backup_manager_id = self.kam_user2
        self.assertTrue(self.own.with_user(self.kam_user2).subject)

    def test_user_creates_for_own_account_and_walk_in(self):
        Complaint = self.Complaint.with_user(self.kam_user)
        complaint = Complaint.create({"subject": "Late", "partner_id": self.account.id})
        self.assertEqual(complaint.user_id, self.kam_user)
        walk_in = Complaint.create(
            {"subject": "Rude", "partner_id": self.plain_partner.id}
        )
        self.assertEqual(walk_in.user_id, self.kam_user)
        with self.assertRaises(AccessError):
            Complaint.create({"subject": "x", "partner_id": self.other_account.id})

    def test_manager_sees_all_of_company(self):
        Complaint = self.Complaint.with_user(self.kam_manager)
        self.assertEqual(
            Complaint.search_count([("id", "in", self.all_ids)]), len(self.all_ids)
        )
        other_company = self.env["res.company"].create({"name": "Other Co"})
        elsewhere = self.Complaint.create(
            {
                "subject": "Elsewhere",
                "partner_id": self.plain_partner.id,
                "company_id": other_company.id,
            }
        )
        self.assertFalse(Complaint.search([("id", "=", elsewhere.id)]))
        self.foreign.with_user(self.kam_manager).unlink()

    def test_configuration_rights(self):
        Category = self.env["kam.complaint.category"]
        with self.assertRaises(AccessError):
            Category.with_user(self.kam_user).create({"name": "Mine"})
        Category.with_user(self.kam_manager).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env["kam.china.holidays.wizard"].with_user(self.kam_user).create(
                {"calendar_id": self.calendar_utc.id, "year": 2026}
            )

    def test_report_follows_the_rules(self):
        Report = self.env["kam.complaint.report"]
        self.assertEqual(
            set(
                Report.with_user(self.kam_user)
                .search([("complaint_id", "in", self.all_ids)])
                .complaint_id.ids
            ),
            set((self.own | self.assigned).ids),
        )
        self.assertEqual(
            Report.with_user(self.kam_manager).search_count(
                [("complaint_id", "in", self.all_ids)]
            ),
            len(self.all_ids),
        )
        with self.assertRaises(AccessError):
            Report.with_user(self.employee).search([])

    def test_partner_counter_groups(self):
        self.assertEqual(
            self.account.with_user(self.kam_user).kam_open_complaint_count, 1
        )
        self.assertEqual(
            self.other_account.with_user(self.kam_user).kam_open_complaint_count, 1
        )
        with self.assertRaises(AccessError):
            self.account.with_user(self.employee).read(["kam_open_complaint_count"])

    @property
    def all_ids(self):
        return (self.own | self.foreign | self.assigned | self.walk_in).ids

    def test_report_measures(self):
        self.own.action_acknowledge()
        self.own.resolution = "<p>Done</p>"
        self.own.action_resolve()
        row = self.env["kam.complaint.report"].search(
            [("complaint_id", "=", self.own.id)]
        )
        self.assertEqual(row.sla_status, self.own.sla_status)
        self.assertEqual(row.breach_rate, 100.0 if row.sla_status == "breached" else 0)
        self.assertAlmostEqual(row.response_time_hours, self.own.response_time_hours)
        groups = self.env["kam.complaint.report"]._read_group(
            [("complaint_id", "in", self.all_ids)],
            groupby=["tier_id"],
            aggregates=["breach_rate:avg", "__count"],
        )
        self.assertEqual(sum(count for _tier, _rate, count in groups), 4)

    def test_user_cannot_bypass_the_workflow(self):
        """Neither a client-sent context nor a direct write skips the moves."""
        own = self.own.with_user(self.kam_user)
        # A context flag sent by a client is not the workflow's own marker:
        # new -> closed is no allowed move.
        with self.assertRaises(UserError):
            own.with_context(kam_complaint_transition=True).write({"state": "closed"})
        self.assertEqual(self.own.state, "new")
        # Service-level targets and workflow dates are the workflow's.
        target = self.own.resolution_target
        for vals in (
            {"resolution_target": 9999.0},
            {"sla_paused_hours": 500.0},
            {"date_resolved": "2026-01-01 10:00:00"},
        ):
            with self.assertRaises(AccessError):
                own.write(vals)
        self.assertEqual(self.own.resolution_target, target)
        # A complaint starts as new, with its tier's targets.
        Complaint = self.Complaint.with_user(self.kam_user)
        with self.assertRaises(UserError):
            Complaint.create(
                {"subject": "Done", "partner_id": self.account.id, "state": "closed"}
            )
        created = Complaint.create(
            {
                "subject": "Generous",
                "partner_id": self.account.id,
                "resolution_target": 9999.0,
            }
        )
        self.assertEqual(
            created.resolution_target, self.account.kam_tier_id.resolution_hours
        )
        # Key-account managers may correct them.
        self.own.with_user(self.kam_manager).write({"resolution_target": 60.0})
        self.assertEqual(self.own.resolution_target, 60.0)
