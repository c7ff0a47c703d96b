import calendar
import datetime
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.fields import Domain


class KamCareOccasion(models.Model):
    """Greeting the contacts of key accounts on their occasions: the care
    greetings job, by email or by an activity for the account manager."""

    _inherit = "kam.care.occasion"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_kam_care_greetings(self):
        """Greet the contacts of key accounts on birthdays and holidays.

        Each tier greets by email, by an activity for the account manager, or
        not at all; each recipient is greeted once per occasion and year.
        """
        today = fields.Date.context_today(self)
        occasions = self.sudo().search([])
        remaining = len(occasions)
        # One occasion per batch; a recipient is greeted once per occasion and
        # year (kam.care.greeting): a run cut short goes on where it stopped.
        for occasion in occasions:
            if occasion.date_type == "birthday":
                occasion._greet_birthdays(today)
            else:
                occurrence = occasion._occurrence(today)
                if occurrence:
                    occasion._greet_holiday(*occurrence)
            remaining -= 1
            if self.env["ir.cron"]._kam_commit_progress(1, remaining) <= 0:
                break

    def _greeted_tiers(self):
        """Tiers of this occasion that greet, by care mode."""
        tiers = self.tier_ids or self.env["kam.tier"].search([])
        if self.company_id:
            tiers = tiers.filtered(
                lambda t: not t.company_id or t.company_id == self.company_id
            )
        return {
            mode: tiers.filtered(lambda t, mode=mode: t.care_mode == mode)
            for mode in ("email", "activity")
        }

    def _already_greeted(self, partners, year):
        greetings = self.env["kam.care.greeting"].search(
            [
                ("occasion_id", "=", self.id),
                ("year", "=", year),
                ("partner_id", "in", partners.ids),
            ]
        )
        return greetings.partner_id

    def _greet_holiday(self, year, date):
        """Greet the key accounts of the occasion's tiers for one occurrence."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        tiers = self._greeted_tiers()
        account_domain = Partner._kam_account_domain()
        if tiers["email"]:
            accounts = Partner.search(
                account_domain & Domain("kam_tier_id", "in", tiers["email"].ids)
            )
            recipients = self._holiday_recipients(accounts)
            recipients -= self._already_greeted(recipients, year)
            self._send_greetings(recipients, year, date)
        if tiers["activity"]:
            accounts = Partner.search(
                account_domain
                & Domain("kam_tier_id", "in", tiers["activity"].ids)
                & Domain("kam_manager_id", "!=", False)
            )
            accounts -= self._already_greeted(accounts, year)
            self._schedule_greeting_activities(
                {account: account for account in accounts}, year, date
            )

    def _holiday_recipients(self, accounts):
        """Contact persons (with an email) of the accounts.

        An account without any such person is greeted itself if it has an
        email address.
        """
        Partner = self.env["res.partner"].sudo()
        contacts = Partner.search(
            [
                ("commercial_partner_id", "in", accounts.ids),
                ("is_company", "=", False),
                ("type", "=", "contact"),
                ("email", "!=", False),
            ]
        )
        covered = contacts.commercial_partner_id
        return contacts | accounts.filtered(lambda a: a not in covered and a.email)

    def _greet_birthdays(self, today):
        """Greet the contact persons whose birthday is due."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        tiers = self._greeted_tiers()
        tier_ids = (tiers["email"] | tiers["activity"]).ids
        if not tier_ids:
            return
        # Birthdays due today, or within the days in advance.
        due = {}
        for offset in range(self.days_before + 1):
            date = today + datetime.timedelta(days=offset)
            due[(date.month, date.day)] = date
            if date.month == 2 and date.day == 28 and not calendar.isleap(date.year):
                due[(2, 29)] = date
        birthday_domain = Domain.OR(
            Domain("kam_birthday.month_number", "=", month)
            & Domain("kam_birthday.day_of_month", "=", day)
            for month, day in due
        )
        contacts = Partner.search(
            birthday_domain
            & Domain("is_company", "=", False)
            & Domain("commercial_partner_id.is_key_account", "=", True)
            & Domain("commercial_partner_id.kam_tier_id", "in", tier_ids)
        )
        by_year = defaultdict(lambda: Partner)
        dates = {}
        for contact in contacts:
            date = due[(contact.kam_birthday.month, contact.kam_birthday.day)]
            by_year[date.year] |= contact
            dates[contact] = date
        for year, year_contacts in by_year.items():
            year_contacts -= self._already_greeted(year_contacts, year)
            by_email = year_contacts.filtered(
                lambda c: (
                    c.commercial_partner_id.kam_tier_id in tiers["email"] and c.email
                )
            )
            by_activity = year_contacts.filtered(
                lambda c: (
                    c.commercial_partner_id.kam_tier_id in tiers["activity"]
                    and c.commercial_partner_id.kam_manager_id
                )
            )
            for date, group in by_email.grouped(lambda c: dates[c]).items():
                self._send_greetings(group, year, date)
            self._schedule_greeting_activities(
                {contact: contact.commercial_partner_id for contact in by_activity},
                year,
                None,
                dates=dates,
            )

    def _send_greetings(self, recipients, year, date):
        """Email the greeting to the recipients and log it once per year."""
        self.ensure_one()
        if not recipients:
            return
        template = self.mail_template_id or self.env.ref(
            "key_account_mgmt.mail_template_kam_care_holiday"
            if self.date_type != "birthday"
            else "key_account_mgmt.mail_template_kam_care_birthday",
            raise_if_not_found=False,
        )
        if not template:
            return
        for lang, lang_recipients in recipients.grouped(lambda r: r.lang or "").items():
            occasion = self.with_context(lang=lang) if lang else self
            template.with_context(kam_occasion_name=occasion.name).send_mail_batch(
                lang_recipients.ids
            )
        self._log_greetings(recipients, year, date, "email")
        # One note per account, in its chatter.
        bodies = {}
        for account, contacts in recipients.grouped("commercial_partner_id").items():
            bodies[account.id] = self.env._(
                "%(occasion)s greeting emailed to %(recipients)s.",
                occasion=self.name,
                recipients=", ".join(contacts.mapped("name")),
            )
        accounts = self.env["res.partner"].browse(list(bodies))
        # Care of the contacts (birthdays): key-account users only.
        accounts._message_log_batch(bodies)._kam_restrict()

    def _schedule_greeting_activities(self, targets, year, date, dates=None):
        """One activity for the account manager per greeting to make.

        :param dict targets: {partner greeted: its account}
        """
        self.ensure_one()
        activity_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_greeting",
            raise_if_not_found=False,
        )
        # An archived manager gets no activity: the greeting is not made.
        targets = {
            partner: account
            for partner, account in targets.items()
            if account.kam_manager_id.active
        }
        if not targets or not activity_type:
            return
        dates = dates or {}

        def prepare(partner):
            account = targets[partner]
            deadline = dates.get(partner) or date
            if partner == account:
                summary = self.env._("Greet for %(occasion)s", occasion=self.name)
            else:
                summary = self.env._(
                    "%(occasion)s of %(contact)s",
                    occasion=self.name,
                    contact=partner.name,
                )
            return {
                # On the account, for its manager.
                "res_id": account.id,
                "user_id": account.kam_manager_id.id,
                "date_deadline": deadline,
                "summary": summary,
                "note": Markup("<p>%s</p>")
                % escape(
                    self.env._(
                        "%(occasion)s on %(date)s: greet %(partner)s personally.",
                        occasion=self.name,
                        date=deadline,
                        partner=partner.name,
                    )
                ),
            }

        partners = self.env["res.partner"].browse([p.id for p in targets])
        # Once per occasion and year (kam.care.greeting), not once per account:
        # an account may have several greetings to make at a time.
        self.env["mail.activity"]._kam_schedule(
            activity_type, partners, prepare, skip_open=False
        )
        for deadline, group in partners.grouped(lambda p: dates.get(p) or date).items():
            self._log_greetings(group, year, deadline, "activity")

    def _log_greetings(self, partners, year, date, mode):
        self.env["kam.care.greeting"].sudo().create(
            [
                {
                    "occasion_id": self.id,
                    "partner_id": partner.id,
                    "year": year,
                    "date": date,
                    "mode": mode,
                }
                for partner in partners
            ]
        )
