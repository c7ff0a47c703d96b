import calendar
import datetime
import logging
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

try:
    from lunardate import LunarDate
except ImportError:  # pragma: no cover - declared in external_dependencies
    LunarDate = None


class KamCareOccasion(models.Model):
    _name = "kam.care.occasion"
    _description = "Care Occasion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    date_type = fields.Selection(
        [
            ("birthday", "Contact's birthday"),
            ("fixed", "Fixed date"),
            ("lunar", "Chinese lunar date"),
        ],
        string="Date Rule",
        required=True,
        default="fixed",
        help="Birthday: each contact person on their birthday. Fixed date: the "
        "same day every year. Chinese lunar date: a day of the lunar "
        "calendar (e.g. 1/1 for the Spring Festival, 8/15 for the Mid-Autumn "
        "Festival), converted to its Gregorian date every year.",
    )
    month = fields.Integer(default=1)
    day = fields.Integer(default=1)
    days_before = fields.Integer(
        string="Days in Advance",
        default=0,
        help="Greet up to this many days before the occasion (the first daily "
        "run in that window sends the greeting). 0: on the day itself.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "res.partner")],
        ondelete="restrict",
        help="Greeting sent to the contacts of accounts whose tier greets by "
        "email. Written in English and translated into each contact's language.",
    )
    tier_ids = fields.Many2many(
        "kam.tier",
        string="Tiers",
        help="Greet the key accounts of these tiers only. Leave empty for all "
        "tiers. Each tier chooses email, an activity or nothing.",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the occasion between companies."
    )
    next_date = fields.Date(
        compute="_compute_next_date",
        help="Next Gregorian date of the occasion.",
    )
    greeting_ids = fields.One2many(
        "kam.care.greeting", "occasion_id", string="Greetings", readonly=True
    )
    greeting_count = fields.Integer(compute="_compute_greeting_count")
    note = fields.Text(translate=True)

    _check_days_before = models.Constraint(
        "CHECK(days_before >= 0)",
        "The days in advance cannot be negative.",
    )

    @api.depends_context("tz")
    @api.depends("date_type", "month", "day")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for occasion in self:
            occasion.next_date = False
            if occasion.date_type == "birthday":
                continue
            for year in (today.year - 1, today.year, today.year + 1):
                date = occasion._date_in_year(year)
                if date and date >= today:
                    occasion.next_date = date
                    break

    def _compute_greeting_count(self):
        groups = self.env["kam.care.greeting"]._read_group(
            [("occasion_id", "in", self.ids)],
            groupby=["occasion_id"],
            aggregates=["__count"],
        )
        counts = {occasion.id: count for occasion, count in groups}
        for occasion in self:
            occasion.greeting_count = counts.get(occasion.id, 0)

    @api.constrains("date_type", "month", "day")
    def _check_date_rule(self):
        for occasion in self:
            if occasion.date_type == "birthday":
                continue
            if occasion.date_type == "fixed":
                valid = 1 <= occasion.month <= 12 and (
                    1 <= occasion.day <= calendar.monthrange(2000, occasion.month)[1]
                    if 1 <= occasion.month <= 12
                    else False
                )
            else:
                valid = 1 <= occasion.month <= 12 and 1 <= occasion.day <= 30
            if not valid:
                raise ValidationError(
                    self.env._(
                        "%(occasion)s: %(month)s/%(day)s is not a valid day of the "
                        "year (month/day).",
                        occasion=occasion.name,
                        month=occasion.month,
                        day=occasion.day,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_greetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_care_greeting_action"
        )
        action["domain"] = [("occasion_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------
    def _date_in_year(self, year):
        """Gregorian date of the occasion in ``year`` (None if it has none).

        Fixed dates: 29 February falls on the 28th in common years. Lunar
        dates: ``year`` is the lunar year (the Spring Festival of 2026 is
        lunar 2026-1-1, on 17 February 2026); a 30th that the lunar month
        lacks that year falls on the 29th.
        """
        self.ensure_one()
        if self.date_type == "fixed":
            last_day = calendar.monthrange(year, self.month)[1]
            return datetime.date(year, self.month, min(self.day, last_day))
        if self.date_type == "lunar":
            if LunarDate is None:
                _logger.warning("lunardate is not installed: no lunar occasions")
                return None
            for day in (self.day, self.day - 1):
                try:
                    return LunarDate(year, self.month, day).to_solar_date()
                except ValueError:
                    continue
        return None

    def _occurrence(self, today):
        """(year, date) of the occurrence to greet for on ``today``, or None.

        An occurrence is due from ``days_before`` days ahead until its day.
        """
        self.ensure_one()
        for year in (today.year - 1, today.year, today.year + 1):
            date = self._date_in_year(year)
            if (
                date
                and date - datetime.timedelta(days=self.days_before) <= today <= date
            ):
                return year, date
        return None

    # ------------------------------------------------------------------
    # Greetings
    # ------------------------------------------------------------------
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
        if not targets:
            return
        activity_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_greeting",
            raise_if_not_found=False,
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner, account in targets.items():
            deadline = (dates or {}).get(partner) or date
            if partner == account:
                summary = self.env._("Greet for %(occasion)s", occasion=self.name)
            else:
                summary = self.env._(
                    "%(occasion)s of %(contact)s",
                    occasion=self.name,
                    contact=partner.name,
                )
            vals_list.append(
                {
                    "activity_type_id": activity_type.id if activity_type else False,
                    "res_model_id": model_id,
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
                    "automated": True,
                }
            )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)
        partners = self.env["res.partner"].browse([p.id for p in targets])
        for deadline, group in partners.grouped(
            lambda p: (dates or {}).get(p) or date
        ).items():
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
