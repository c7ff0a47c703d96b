import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_rhythm import KamRhythmCommon


@tagged("post_install", "-at_install")
class TestCareGreetings(KamRhythmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Occasion = cls.env["kam.care.occasion"]
        cls.Greeting = cls.env["kam.care.greeting"]
        # Only the occasions of the tests greet.
        cls.Occasion.search([]).active = False
        cls.birthday = cls.env.ref("key_account_mgmt.kam_care_occasion_birthday")
        cls.mid_autumn = cls.env.ref("key_account_mgmt.kam_care_occasion_mid_autumn")
        cls.spring = cls.env.ref("key_account_mgmt.kam_care_occasion_spring_festival")
        cls.account_contact.write({"kam_birthday": "1980-10-06", "lang": "en_US"})
        cls.nordwind_contact = cls.env["res.partner"].create(
            {
                "name": "Anna Schmidt",
                "parent_id": cls.other_account.id,
                "email": "anna@nordwind.example.com",
                "kam_birthday": "1975-05-12",
            }
        )
        cls.plain_contact = cls.env["res.partner"].create(
            {
                "name": "Not A Key Contact",
                "parent_id": cls.plain_partner.id,
                "email": "nobody@example.com",
                "kam_birthday": "1980-10-06",
            }
        )

    def _mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def _run(self, date):
        with freeze_time(date):
            self.Occasion._cron_kam_care_greetings()

    def test_lunar_dates(self):
        self.assertEqual(self.spring._date_in_year(2026), datetime.date(2026, 2, 17))
        self.assertEqual(self.spring._date_in_year(2025), datetime.date(2025, 1, 29))
        self.assertEqual(
            self.mid_autumn._date_in_year(2025), datetime.date(2025, 10, 6)
        )
        self.assertEqual(
            self.mid_autumn._date_in_year(2026), datetime.date(2026, 9, 25)
        )
        # Lunar 2025-12 has 29 days: the 30th (New Year's Eve) falls on the 29th.
        eve = self.Occasion.create(
            {"name": "Eve", "date_type": "lunar", "month": 12, "day": 30}
        )
        self.assertEqual(eve._date_in_year(2025), datetime.date(2026, 2, 16))
        # Fixed 29 February in a common year.
        leap = self.Occasion.create(
            {"name": "Leap", "date_type": "fixed", "month": 2, "day": 29}
        )
        self.assertEqual(leap._date_in_year(2026), datetime.date(2026, 2, 28))
        self.assertEqual(leap._date_in_year(2028), datetime.date(2028, 2, 29))
        with self.assertRaises(ValidationError):
            self.Occasion.create(
                {"name": "Bad", "date_type": "fixed", "month": 2, "day": 30}
            )
        with self.assertRaises(ValidationError):
            self.Occasion.create(
                {"name": "Bad", "date_type": "lunar", "month": 13, "day": 1}
            )

    def test_lunar_occasion_greets_once(self):
        self.mid_autumn.active = True
        # The day before the Mid-Autumn Festival of 2025: nothing.
        self._run("2025-10-05")
        self.assertFalse(self.Greeting.search([]))
        # On the day (6 October 2025), the contacts of every tier get an email.
        self._run("2025-10-06")
        greetings = self.Greeting.search([("occasion_id", "=", self.mid_autumn.id)])
        self.assertEqual(
            greetings.partner_id, self.account_contact | self.nordwind_contact
        )
        self.assertEqual(set(greetings.mapped("year")), {2025})
        self.assertEqual(set(greetings.mapped("mode")), {"email"})
        mail = self._mails_to(self.account_contact)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "Happy Mid-Autumn Festival!")
        self.assertIn("Mid-Autumn Festival", mail.body_html)
        self.assertFalse(self._mails_to(self.plain_contact))
        # The greeting shows in the account's chatter.
        self.assertTrue(
            self.account.message_ids.filtered(
                lambda m: "greeting emailed to" in (m.body or "")
            )
        )
        # The next run (same day or the next) sends nothing more.
        self._run("2025-10-06")
        self._run("2025-10-07")
        self.assertEqual(len(self._mails_to(self.account_contact)), 1)
        self.assertEqual(
            self.Greeting.search_count([("occasion_id", "=", self.mid_autumn.id)]), 2
        )
        # Next year's festival (25 September 2026) greets again.
        self._run("2026-09-25")
        self.assertEqual(len(self._mails_to(self.account_contact)), 2)

    def test_spring_festival_eve_and_year(self):
        """Greeting a day in advance: on 16 February 2026 for lunar 2026-1-1."""
        self.spring.active = True
        self._run("2026-02-15")
        self.assertFalse(self.Greeting.search([]))
        self._run("2026-02-16")
        greeting = self.Greeting.search([("partner_id", "=", self.account_contact.id)])
        self.assertEqual(greeting.year, 2026)
        self.assertEqual(greeting.date, datetime.date(2026, 2, 17))
        self._run("2026-02-17")
        self.assertEqual(len(self._mails_to(self.account_contact)), 1)

    def test_greeting_in_contact_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        template = self.env.ref("key_account_mgmt.mail_template_kam_care_holiday")
        template.update_field_translations(
            "subject", {"zh_CN": "{{ ctx.get('kam_occasion_name') or '' }}快乐！"}
        )
        self.mid_autumn.update_field_translations("name", {"zh_CN": "中秋节"})
        self.mid_autumn.active = True
        self.account_contact.lang = "zh_CN"
        self._run("2025-10-06")
        self.assertEqual(self._mails_to(self.account_contact).subject, "中秋节快乐！")
        self.assertEqual(
            self._mails_to(self.nordwind_contact).subject,
            "Happy Mid-Autumn Festival!",
        )

    def test_birthday_greets_once(self):
        self.birthday.active = True
        self._run("2026-10-05")
        self.assertFalse(self.Greeting.search([]))
        self._run("2026-10-06")
        greeting = self.Greeting.search([])
        self.assertEqual(greeting.partner_id, self.account_contact)
        self.assertEqual(greeting.account_id, self.account)
        self.assertEqual(greeting.year, 2026)
        mail = self._mails_to(self.account_contact)
        self.assertEqual(mail.subject, "Happy birthday, 张伟!")
        self.assertFalse(self._mails_to(self.plain_contact))
        self._run("2026-10-06")
        self.assertEqual(len(self._mails_to(self.account_contact)), 1)
        # A birthday on 29 February is greeted on the 28th in common years.
        self.nordwind_contact.kam_birthday = "1980-02-29"
        self._run("2027-02-28")
        self.assertEqual(len(self._mails_to(self.nordwind_contact)), 1)
        self._run("2027-03-01")
        self.assertEqual(len(self._mails_to(self.nordwind_contact)), 1)

    def test_tier_care_modes(self):
        """Email (default), an activity for the manager, or nothing."""
        self.birthday.active = True
        self.mid_autumn.active = True
        greeting_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_greeting")
        self.tier_strategic.care_mode = "activity"
        self.tier_key.care_mode = "none"
        self.nordwind_contact.kam_birthday = "1975-10-06"
        self._run("2025-10-06")
        self.assertFalse(self._mails_to(self.account_contact))
        self.assertFalse(self._mails_to(self.nordwind_contact))
        activities = self._activities(self.account, greeting_type)
        # One for the festival (on the account), one for the birthday.
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.kam_user)
        self.assertFalse(self._activities(self.other_account, greeting_type))
        self._run("2025-10-06")
        self.assertEqual(len(self._activities(self.account, greeting_type)), 2)
        self.assertEqual(set(self.Greeting.search([]).mapped("mode")), {"activity"})

    def test_occasion_tiers(self):
        self.mid_autumn.write({"active": True, "tier_ids": [(6, 0, self.tier_key.ids)]})
        self._run("2025-10-06")
        self.assertFalse(self._mails_to(self.account_contact))
        self.assertEqual(len(self._mails_to(self.nordwind_contact)), 1)

    def test_access(self):
        self.mid_autumn.active = True
        self._run("2025-10-06")
        greetings = self.Greeting.search([])
        self.assertEqual(
            self.Greeting.with_user(self.kam_user)
            .search([("id", "in", greetings.ids)])
            .partner_id,
            self.account_contact,
        )
        self.assertEqual(
            self.Greeting.with_user(self.kam_manager).search_count(
                [("id", "in", greetings.ids)]
            ),
            2,
        )
        with self.assertRaises(AccessError):
            self.Occasion.with_user(self.kam_user).create(
                {"name": "Mine", "date_type": "fixed", "month": 3, "day": 8}
            )
        with self.assertRaises(AccessError):
            self.Greeting.with_user(self.employee).search([])
        self.Occasion.with_user(self.kam_manager).create(
            {"name": "Women's Day", "date_type": "fixed", "month": 3, "day": 8}
        )
