import calendar
import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
