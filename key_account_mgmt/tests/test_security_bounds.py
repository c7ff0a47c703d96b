"""Bounds of what users enter (findings 4, 8, 9 and 12), each route tried as
the least-privileged user who could try it."""

from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .common_security import KamSecurityCase


class TestDateBounds(KamSecurityCase):
    def test_04_interaction_in_year_9999(self):
        """Finding 4: a far-future interaction is refused (form, RPC, import)
        and the key-account list stays readable."""
        Interaction = self.env["kam.interaction"].with_user(self.kam_user)
        for day in ("9999-12-31", "2300-01-01", "1800-01-01"):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                Interaction.create(
                    {"partner_id": self.account.id, "summary": "Call", "date": day}
                )
        result = Interaction.load(
            ["partner_id/.id", "summary", "date"],
            [[str(self.account.id), "Imported", "9999-12-31"]],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        # The list of key accounts still reads.
        accounts = (
            self.env["res.partner"]
            .with_user(self.kam_user2)
            .search_read([("is_key_account", "=", True)], ["kam_next_visit_date"])
        )
        self.assertTrue(accounts)

    def test_04_computed_dates_cannot_overflow(self):
        """Finding 4: the next visit is capped, whatever the stored dates."""
        self.tier_strategic.write({"revisit_interval_days": 3660})
        self.env["kam.interaction"].create(
            {"partner_id": self.account.id, "summary": "Call"}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE kam_interaction SET date = '9999-06-01' WHERE partner_id = %s",
            [self.account.id],
        )
        self.env.invalidate_all()
        # Behind the ORM's back: recompute from the stored dates.
        self.account.kam_interaction_ids.modified(["date"])
        self.assertLessEqual(self.account.kam_next_visit_date, date(2199, 12, 31))

    def test_04_birthdays_and_expiry_dates(self):
        """Finding 4: birthdays and expiry dates stay in a sane range."""
        contact = self.account_contact.with_user(self.kam_user)
        for day in ("9999-12-31", "1700-01-01", fields.Date.today() + timedelta(1)):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                contact.write({"kam_birthday": day})
        contact.write({"kam_birthday": "1980-05-04"})
        account = self.account.with_user(self.kam_user)
        for expiry in ("9999-12-31", "not a date", [2030, 1, 1], 20300101):
            with self.subTest(expiry=expiry), self.assertRaises(UserError):
                account.kam_earn_points(10, "Bad expiry", expiry_date=expiry)


class TestComplaintBounds(KamSecurityCase):
    def test_08_date_received_bounded(self):
        """Finding 8: a new complaint cannot be moved into the future (it would
        hide a breach) nor far into the past (it would slow every SLA run)."""
        complaint = self.Complaint.with_user(self.kam_user).create(
            {"subject": "Late", "partner_id": self.account.id}
        )
        now = fields.Datetime.now()
        for received in (
            now + timedelta(days=3),
            now - timedelta(days=150 * 365),
            now - timedelta(days=400),
        ):
            with self.subTest(received=received), self.assertRaises(ValidationError):
                complaint.write({"date_received": received})
            with self.subTest(create=received), self.assertRaises(ValidationError):
                self.Complaint.with_user(self.kam_user).create(
                    {
                        "subject": "Old",
                        "partner_id": self.account.id,
                        "date_received": received,
                    }
                )
        complaint.write({"date_received": now - timedelta(days=30)})
        # The horizon is a setting.
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.complaint_max_age_days", "3650"
        )
        complaint.write({"date_received": now - timedelta(days=400)})

    def test_12_garbage_refused(self):
        """Finding 12: blank subjects and summaries, portal assignees, a missing
        partner, and numbers no column holds get a clear error."""
        Complaint = self.Complaint.with_user(self.kam_user)
        portal = self.env["res.users"].create(
            {
                "name": "Portal Customer",
                "login": "kam_portal_customer",
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        for vals in (
            {"subject": "   "},
            {"subject": "Ok", "user_id": portal.id},
            {"subject": "Ok", "partner_id": 999_999_999},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                Complaint.create(dict({"partner_id": self.account.id}, **vals))
        Interaction = self.env["kam.interaction"].with_user(self.kam_user)
        with self.assertRaises(ValidationError):
            Interaction.create({"partner_id": self.account.id, "summary": "  "})
        with self.assertRaises(ValidationError):
            Interaction.create({"partner_id": 999_999_999, "summary": "Call"})

    def test_12_tier_without_working_service_level(self):
        """Finding 12: a tier whose service level could never work is refused."""
        Tier = self.env["kam.tier"].with_user(self.kam_manager)
        empty_calendar = self.env["resource.calendar"].create(
            {"name": "No hours", "attendance_ids": [(5, 0, 0)]}
        )
        for vals in (
            {"first_response_hours": 0},
            {"resolution_hours": 1e9},
            {"resolution_hours": float("nan")},
            {"revisit_interval_days": 10**6},
            {"sequence": 2**40},
            {"points_multiplier": 0},
            {"resource_calendar_id": empty_calendar.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                Tier.create(dict({"name": "Broken"}, **vals))
            with self.subTest(write=vals), self.assertRaises(ValidationError):
                self.tier_key.with_user(self.kam_manager).write(vals)


class TestPointsBounds(KamSecurityCase):
    def test_09_points_ceiling_and_exact_balance(self):
        """Finding 9: amounts are capped, the balance is the ledger's sum in
        SQL numerics, and expired earnings are refused."""
        account = self.account.with_user(self.kam_user)
        for points in (1e15, 1e10, float("nan"), float("inf"), -float("inf")):
            with self.subTest(points=points), self.assertRaises(UserError):
                account.kam_earn_points(points, "Too much")
        with self.assertRaises(UserError):
            self.account.with_user(self.kam_manager)._kam_adjust_points(
                1e15, "Too much"
            )
        yesterday = fields.Date.today() - timedelta(days=1)
        with self.assertRaises(UserError):
            account.kam_earn_points(10, "Expired", expiry_date=yesterday)
        # Big but allowed amounts keep the balance exactly the ledger sum
        # (the tier multiplies by 2).
        account.kam_earn_points(499_999_999.99, "Big")
        account.kam_earn_points(0.01, "Small")
        account.kam_redeem_points(0.03, "Spend")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT kam_points_balance, (SELECT SUM(points) FROM kam_points_line "
            "WHERE partner_id = %s) FROM res_partner WHERE id = %s",
            [self.account.id, self.account.id],
        )
        balance, ledger = self.env.cr.fetchone()
        self.assertEqual(balance, ledger)
        # 2 x 499,999,999.99 + 2 x 0.01 - 0.03
        self.assertEqual(str(ledger), "999999999.97")

    def test_09_entry_points_refuse_non_numbers(self):
        """Public entry points refuse what is no number with a UserError."""
        account = self.account.with_user(self.kam_user)
        account.kam_earn_points(100, "Stock")
        for points in ("10", [10], {"a": 1}, True):
            with self.subTest(points=points):
                with self.assertRaises(UserError):
                    account.kam_earn_points(points, "Bad")
                with self.assertRaises(UserError):
                    account.kam_redeem_points(points, "Bad")
        for reward in ("1", [1], 999_999_999):
            with self.subTest(reward=reward), self.assertRaises(UserError):
                account.kam_redeem_points(1, "Bad", reward=reward)
        with self.assertRaises(UserError):
            account.kam_earn_points(10, ["not", "a", "text"])
        wizard = (
            self.env["kam.points.redeem.wizard"]
            .with_user(self.kam_user)
            .create({"partner_id": self.account.id, "mode": "points", "origin": "x"})
        )
        for vals in ({"points": float("nan")}, {"quantity": 2**40}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                wizard.write(vals)
        adjust = (
            self.env["kam.points.adjust.wizard"]
            .with_user(self.kam_manager)
            .create({"partner_id": self.account.id, "points": 5, "note": "x"})
        )
        for vals in (
            {"expiry_date": "not a date"},
            {"expiry_date": "9999-12-31"},
            {"points": float("inf")},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                adjust.write(vals)
