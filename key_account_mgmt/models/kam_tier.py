from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

# Bounds of a tier's settings: beyond them a value is a typo, and the
# service level or the revisit plan would silently stop working.
KAM_TIER_MAX_TARGET_HOURS = 2000.0  # about one year of working hours
KAM_TIER_MAX_REVISIT_DAYS = 3660
KAM_TIER_MAX_MULTIPLIER = 100.0


class KamTier(models.Model):
    _name = "kam.tier"
    _inherit = ["mail.thread", "kam.write.guard"]
    _description = "Key Account Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer(help="Colour of the tier in kanban views and tags.")
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the tier between all companies.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="Calendar on which the service-level targets are counted. "
        "Falls back to the company's working hours.",
        tracking=True,
    )
    first_response_hours = fields.Float(
        string="First Response (working hours)",
        default=8.0,
        help="Working hours within which a complaint must get a first response.",
        tracking=True,
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)",
        default=40.0,
        help="Working hours within which a complaint must be resolved.",
        tracking=True,
    )
    revisit_interval_days = fields.Integer(
        string="Revisit Every (days)",
        default=90,
        help="The account manager revisits accounts of this tier at this rhythm.",
        tracking=True,
    )
    points_multiplier = fields.Float(
        default=1.0,
        digits=(16, 2),
        help="Points earned by accounts of this tier are multiplied by this factor.",
        tracking=True,
    )
    care_mode = fields.Selection(
        [
            ("email", "Email the contacts"),
            ("activity", "Activity for the manager"),
            ("none", "No greetings"),
        ],
        string="Care Greetings",
        required=True,
        default="email",
        help="How accounts of this tier are greeted on birthdays and holidays: "
        "an email from the occasion's template to their contacts, an activity "
        "for the account manager to greet them personally, or nothing.",
        tracking=True,
    )
    benefits = fields.Html(translate=True)
    description = fields.Text(translate=True)
    partner_ids = fields.One2many(
        "res.partner", "kam_tier_id", string="Tier Accounts", readonly=True
    )
    partner_count = fields.Integer(
        string="Number of Accounts", compute="_compute_partner_count"
    )

    _check_first_response_hours = models.Constraint(
        "CHECK(first_response_hours >= 0)",
        "The first-response target cannot be negative.",
    )
    _check_resolution_hours = models.Constraint(
        "CHECK(resolution_hours >= 0)",
        "The resolution target cannot be negative.",
    )
    _check_revisit_interval_days = models.Constraint(
        "CHECK(revisit_interval_days >= 0)",
        "The revisit interval cannot be negative.",
    )
    _check_points_multiplier = models.Constraint(
        "CHECK(points_multiplier >= 0)",
        "The points multiplier cannot be negative.",
    )

    @api.constrains(
        "first_response_hours",
        "resolution_hours",
        "revisit_interval_days",
        "points_multiplier",
        "resource_calendar_id",
    )
    def _check_tier_bounds(self):
        for tier in self:
            for fname in ("first_response_hours", "resolution_hours"):
                if not 0 < tier[fname] <= KAM_TIER_MAX_TARGET_HOURS:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of the tier %(tier)s must be more than 0 "
                            "and at most %(max)s working hours.",
                            field=self._fields[fname]._description_string(self.env),
                            tier=tier.name,
                            max=int(KAM_TIER_MAX_TARGET_HOURS),
                        )
                    )
            if not 0 <= tier.revisit_interval_days <= KAM_TIER_MAX_REVISIT_DAYS:
                raise ValidationError(
                    self.env._(
                        "The revisit interval of the tier %(tier)s must be between "
                        "0 and %(max)s days.",
                        tier=tier.name,
                        max=KAM_TIER_MAX_REVISIT_DAYS,
                    )
                )
            if not 0 < tier.points_multiplier <= KAM_TIER_MAX_MULTIPLIER:
                raise ValidationError(
                    self.env._(
                        "The points multiplier of the tier %(tier)s must be more "
                        "than 0 and at most %(max)s (1 keeps the points as earned).",
                        tier=tier.name,
                        max=int(KAM_TIER_MAX_MULTIPLIER),
                    )
                )
            calendar = tier.resource_calendar_id
            if (
                calendar
                and not calendar.sudo().attendance_ids
                and not calendar.sudo().flexible_hours
            ):
                raise ValidationError(
                    self.env._(
                        "The working hours %(calendar)s of the tier %(tier)s have "
                        "no working time: its service levels could never be met.",
                        calendar=calendar.name,
                        tier=tier.name,
                    )
                )

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        groups = self.env["res.partner"]._read_group(
            Domain("kam_tier_id", "in", self.ids)
            & self.env["res.partner"]._kam_account_domain(),
            groupby=["kam_tier_id"],
            aggregates=["__count"],
        )
        counts = {tier.id: count for tier, count in groups}
        for tier in self:
            tier.partner_count = counts.get(tier.id, 0)

    @api.constrains("first_response_hours", "resolution_hours")
    def _check_sla_targets(self):
        for tier in self:
            if (
                tier.resolution_hours
                and tier.first_response_hours > tier.resolution_hours
            ):
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: the first-response target cannot be longer "
                        "than the resolution target.",
                        tier=tier.display_name,
                    )
                )

    def action_view_accounts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.res_partner_action_key_accounts"
        )
        action["domain"] = [("kam_tier_id", "=", self.id)]
        action["context"] = {"default_kam_tier_id": self.id}
        return action
