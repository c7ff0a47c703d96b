from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_constants import KAM_SALE_DEFAULTS

# A value of 0 means something for each of these settings (no B grade, no
# points from purchases, purchases ignored by the health score): the core's
# set_values stores it as "0" instead of letting Odoo delete the parameter.
KAM_SALE_SETTINGS = {
    "kam_abc_share_a": "abc_share_a",
    "kam_abc_share_b": "abc_share_b",
    "kam_abc_share_c": "abc_share_c",
    "kam_sale_points": "sale_points",
    "kam_sale_points_amount": "sale_points_amount",
    "kam_health_weight_purchases": "health_weight_purchases",
}


def _kam_sale_param(name, string, help_text):
    return fields.Integer(
        string=string,
        config_parameter=f"key_account_mgmt.{name}",
        default=KAM_SALE_DEFAULTS[name],
        help=help_text,
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Sales bridge: ABC grade, points from purchases, purchase signal ---
    kam_value_grade_source = fields.Selection(
        [
            ("revenue", "By Revenue (ABC)"),
            ("manual", "By Hand or Import"),
        ],
        string="Value Grade",
        default="revenue",
        required=True,
        config_parameter="key_account_mgmt.value_grade_source",
        help="By Revenue: the scores job grades every customer A, B or C by its "
        "share of revenue (by hand or import changes are overwritten). By Hand "
        "or Import: the grade is only set by people and the worksheet import.",
    )
    kam_abc_share_a = _kam_sale_param(
        "abc_share_a",
        "Grade A: Share of Revenue (%)",
        "Customers are ranked by revenue over 12 months: the first ones "
        "that together make this share of the company's revenue are graded A.",
    )
    kam_abc_share_b = _kam_sale_param(
        "abc_share_b",
        "Grade B: Share of Revenue (%)",
        "The next customers that together make this share are graded B.",
    )
    kam_abc_share_c = _kam_sale_param(
        "abc_share_c",
        "Grade C: Share of Revenue (%)",
        "The rest of the revenue: customers graded C. The three shares add up to 100.",
    )
    kam_sale_points = _kam_sale_param(
        "sale_points",
        "Points Earned",
        "Points earned for each amount below (untaxed, company currency), "
        "times the points multiplier of the account's tier. 0 earns no points "
        "from purchases.",
    )
    kam_sale_points_amount = _kam_sale_param(
        "sale_points_amount",
        "Per Amount",
        "Untaxed amount, in the company currency, that earns the points above.",
    )
    kam_sale_points_trigger = fields.Selection(
        [
            ("order", "Order Confirmation"),
            ("invoice", "Invoice Posting"),
        ],
        string="Earn Points On",
        default=KAM_SALE_DEFAULTS["sale_points_trigger"],
        required=True,
        config_parameter="key_account_mgmt.sale_points_trigger",
        help="Order Confirmation: points are earned when the sale order is "
        "confirmed and reversed when it is cancelled. Invoice Posting: when its "
        "customer invoice is posted, and reversed when the invoice is reset to "
        "draft or reversed by a credit note.",
    )
    kam_health_weight_purchases = _kam_sale_param(
        "health_weight_purchases",
        "Weight: Purchases",
        "Purchase recency and order frequency trend in the health score. "
        "0 ignores them.",
    )

    @api.constrains(*KAM_SALE_SETTINGS)
    def _check_kam_sale_settings(self):
        for settings in self:
            shares = [
                settings.kam_abc_share_a,
                settings.kam_abc_share_b,
                settings.kam_abc_share_c,
            ]
            if any(share < 0 for share in shares) or sum(shares) != 100:
                raise ValidationError(
                    self.env._(
                        "The revenue shares of the grades A, B and C cannot be "
                        "negative and must add up to 100%."
                    )
                )
            if settings.kam_sale_points < 0 or settings.kam_sale_points_amount <= 0:
                raise ValidationError(
                    self.env._(
                        "Points from purchases: the points cannot be negative and "
                        "the amount that earns them must be positive."
                    )
                )
            if settings.kam_health_weight_purchases < 0:
                raise ValidationError(
                    self.env._("The weight of purchases cannot be negative.")
                )

    # --- end of sales bridge -------------------------------------------------
