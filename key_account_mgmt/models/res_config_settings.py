from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_constants import (
    KAM_POINTS_DIGITS,
    KAM_REFERRAL_TRIGGERS,
    KAM_SETTINGS_DEFAULTS,
)


def _kam_param(name, string, help_text):
    return fields.Integer(
        string=string,
        config_parameter=f"key_account_mgmt.{name}",
        default=KAM_SETTINGS_DEFAULTS[name],
        help=help_text,
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Relationship rhythm and health (issue 5) -------------------------
    kam_revisit_lead_days = _kam_param(
        "revisit_lead_days",
        "Plan Revisits (days ahead)",
        "The revisit activity is scheduled this many days before the revisit is due.",
    )
    kam_health_weight_recency = _kam_param(
        "health_weight_recency",
        "Weight: Contact Recency",
        "Days since the last interaction against the tier's revisit interval.",
    )
    kam_health_weight_activities = _kam_param(
        "health_weight_activities",
        "Weight: Overdue Activities",
        "Activities past their deadline on the account and its contacts.",
    )
    kam_health_weight_satisfaction = _kam_param(
        "health_weight_satisfaction",
        "Weight: Satisfaction",
        "Ratings given by the account's people in the last 12 months.",
    )
    kam_health_weight_complaints = _kam_param(
        "health_weight_complaints", "Weight: Open Complaints", "Open complaints."
    )
    kam_health_weight_sla = _kam_param(
        "health_weight_sla",
        "Weight: Service-Level Breaches",
        "Complaints that breached their service level in the last 12 months.",
    )
    kam_health_weight_points = _kam_param(
        "health_weight_points",
        "Weight: Points Activity",
        "Points earned or redeemed in the last 6 months.",
    )
    kam_risk_high_below = _kam_param(
        "risk_high_below",
        "High Risk Below",
        "A health score below this is a high churn risk; the account manager "
        "gets a Churn Risk activity.",
    )
    kam_risk_medium_below = _kam_param(
        "risk_medium_below",
        "Medium Risk Below",
        "A health score below this (and not below the high-risk threshold) is a "
        "medium churn risk.",
    )
    kam_lifecycle_new_months = _kam_param(
        "lifecycle_new_months",
        "New for (months)",
        "Months as key account during which the account is new.",
    )
    kam_lifecycle_mature_months = _kam_param(
        "lifecycle_mature_months",
        "Mature after (months)",
        "Months as key account after which a growing account is mature.",
    )
    kam_lifecycle_dormant_months = _kam_param(
        "lifecycle_dormant_months",
        "Dormant after (months)",
        "Months without interaction or purchase after which the account is dormant.",
    )
    kam_lifecycle_lost_months = _kam_param(
        "lifecycle_lost_months",
        "Lost after (months)",
        "Months without interaction or purchase after which the account is lost.",
    )

    @api.constrains(
        "kam_revisit_lead_days",
        "kam_health_weight_recency",
        "kam_health_weight_activities",
        "kam_health_weight_satisfaction",
        "kam_health_weight_complaints",
        "kam_health_weight_sla",
        "kam_health_weight_points",
        "kam_risk_high_below",
        "kam_risk_medium_below",
        "kam_lifecycle_new_months",
        "kam_lifecycle_mature_months",
        "kam_lifecycle_dormant_months",
        "kam_lifecycle_lost_months",
    )
    def _check_kam_health_settings(self):
        for settings in self:
            values = [
                settings.kam_revisit_lead_days,
                settings.kam_health_weight_recency,
                settings.kam_health_weight_activities,
                settings.kam_health_weight_satisfaction,
                settings.kam_health_weight_complaints,
                settings.kam_health_weight_sla,
                settings.kam_health_weight_points,
                settings.kam_lifecycle_new_months,
                settings.kam_lifecycle_mature_months,
                settings.kam_lifecycle_dormant_months,
                settings.kam_lifecycle_lost_months,
            ]
            if any(value < 0 for value in values):
                raise ValidationError(
                    self.env._(
                        "Key-account weights, days and months cannot be negative."
                    )
                )
            if not (
                0
                <= settings.kam_risk_high_below
                <= settings.kam_risk_medium_below
                <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "The churn-risk thresholds must lie between 0 and 100, the "
                        "high-risk threshold below the medium-risk one."
                    )
                )
            if settings.kam_lifecycle_mature_months < settings.kam_lifecycle_new_months:
                raise ValidationError(
                    self.env._(
                        "An account cannot become mature before it stops being new."
                    )
                )
            if (
                settings.kam_lifecycle_lost_months
                < settings.kam_lifecycle_dormant_months
            ):
                raise ValidationError(
                    self.env._("An account cannot be lost before it is dormant.")
                )

    # --- end of relationship rhythm and health -----------------------------

    # --- Complaints and service levels (issue 3) ---------------------------
    kam_complaint_at_risk_share = fields.Integer(
        string="At Risk Below (%)",
        config_parameter="key_account_mgmt.complaint_at_risk_share",
        default=KAM_SETTINGS_DEFAULTS["complaint_at_risk_share"],
        help="A complaint is at risk when less than this share of its service-level "
        "target (in working hours) is left.",
    )
    kam_complaint_default_tier_id = fields.Many2one(
        "kam.tier",
        string="Tier of Other Customers",
        config_parameter="key_account_mgmt.complaint_default_tier_id",
        help="Service level of complaints from customers that are not key accounts "
        "(the Standard tier when empty).",
    )
    kam_complaint_alias_prefix = fields.Char(
        string="Complaint Alias",
        help="Emails sent to this address create complaints.",
    )
    kam_complaint_alias_domain_id = fields.Many2one(
        "mail.alias.domain", string="Complaint Alias Domain"
    )

    @api.constrains("kam_complaint_at_risk_share")
    def _check_kam_complaint_at_risk_share(self):
        for settings in self:
            if not 0 <= settings.kam_complaint_at_risk_share <= 100:
                raise ValidationError(
                    self.env._("The at-risk share must lie between 0 and 100%.")
                )

    @api.model
    def get_values(self):
        res = super().get_values()
        alias = self.env.ref(
            "key_account_mgmt.mail_alias_kam_complaint", raise_if_not_found=False
        )
        res.update(
            kam_complaint_alias_prefix=alias.alias_name if alias else False,
            kam_complaint_alias_domain_id=alias.alias_domain_id.id if alias else False,
        )
        return res

    def set_values(self):
        res = super().set_values()
        self._kam_keep_zero_params()
        alias = self.env.ref(
            "key_account_mgmt.mail_alias_kam_complaint", raise_if_not_found=False
        )
        if not alias and self.kam_complaint_alias_prefix:
            alias = (
                self.env["mail.alias"]
                .sudo()
                .create(
                    {
                        "alias_contact": "everyone",
                        "alias_model_id": self.env["ir.model"]._get_id("kam.complaint"),
                        "alias_name": self.kam_complaint_alias_prefix,
                        "alias_domain_id": self.kam_complaint_alias_domain_id.id
                        or self.env.company.alias_domain_id.id,
                    }
                )
            )
            self.env["ir.model.data"].sudo().create(
                {
                    "name": "mail_alias_kam_complaint",
                    "module": "key_account_mgmt",
                    "model": "mail.alias",
                    "noupdate": True,
                    "res_id": alias.id,
                }
            )
        elif alias:
            vals = {}
            if alias.alias_name != self.kam_complaint_alias_prefix:
                vals["alias_name"] = self.kam_complaint_alias_prefix
            if alias.alias_domain_id != self.kam_complaint_alias_domain_id:
                vals["alias_domain_id"] = self.kam_complaint_alias_domain_id.id
            if vals:
                alias.sudo().write(vals)
        return res

    # --- end of complaints and service levels ------------------------------

    # --- Loyalty points and member levels (issue 4) --------------------------
    kam_points_precision = fields.Integer(
        string="Points Decimals",
        config_parameter="key_account_mgmt.points_precision",
        default=KAM_SETTINGS_DEFAULTS["points_precision"],
        help="Points are rounded to this many decimal places (0 to 2).",
    )
    kam_points_validity_months = fields.Integer(
        string="Points Valid for (months)",
        config_parameter="key_account_mgmt.points_validity_months",
        default=KAM_SETTINGS_DEFAULTS["points_validity_months"],
        help="Earned points expire after this many months; 0: they never expire.",
    )
    kam_referral_points = fields.Integer(
        string="Referral Points",
        config_parameter="key_account_mgmt.referral_points",
        default=KAM_SETTINGS_DEFAULTS["referral_points"],
        help="Points a key account earns for referring a new customer.",
    )
    kam_referral_trigger = fields.Selection(
        KAM_REFERRAL_TRIGGERS,
        string="Award Referral When",
        config_parameter="key_account_mgmt.referral_trigger",
        default=KAM_SETTINGS_DEFAULTS["referral_trigger"],
        help="When the referred partner counts as a new customer: when it is "
        "marked as key account, or at its first confirmed sale (with the sales "
        "bridge).",
    )

    @api.constrains(
        "kam_points_precision", "kam_points_validity_months", "kam_referral_points"
    )
    def _check_kam_points_settings(self):
        for settings in self:
            if not 0 <= settings.kam_points_precision <= KAM_POINTS_DIGITS[1]:
                raise ValidationError(
                    self.env._(
                        "Points can have between 0 and %(digits)s decimals.",
                        digits=KAM_POINTS_DIGITS[1],
                    )
                )
            if settings.kam_points_validity_months < 0 or (
                settings.kam_referral_points < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The points validity and the referral points cannot be "
                        "negative."
                    )
                )

    # --- end of loyalty points and member levels -----------------------------

    def _kam_keep_zero_params(self):
        """Keep key-account settings saved as 0.

        Odoo deletes the parameter of a numeric setting saved as 0, which
        brings back the field's default: a weight set to 0 would silently
        return to its default. Store an explicit "0" instead.
        """
        params = self.env["ir.config_parameter"].sudo()
        for name, field in self._fields.items():
            key = getattr(field, "config_parameter", None)
            if (
                key
                and key.startswith("key_account_mgmt.")
                and field.type in ("integer", "float")
                and not self[name]
            ):
                params.set_param(key, "0")
