from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import KAM_SALE_DEFAULTS

# Settings fields of the sales bridge and their ir.config_parameter names
# ("key_account_mgmt.<name>"). They are stored by set_values rather than with
# ``config_parameter=``: Odoo deletes a parameter saved as 0, so a 0 would
# come back as the default, and 0 means something for each of them (no B
# grade, no points from purchases, purchases ignored by the health score).
KAM_SALE_SETTINGS = {
    "kam_abc_share_a": "abc_share_a",
    "kam_abc_share_b": "abc_share_b",
    "kam_abc_share_c": "abc_share_c",
    "kam_sale_points": "sale_points",
    "kam_sale_points_amount": "sale_points_amount",
    "kam_health_weight_purchases": "health_weight_purchases",
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Sales bridge: ABC grade, points from purchases, purchase signal ---
    kam_abc_share_a = fields.Integer(
        string="Grade A: Share of Revenue (%)",
        default=KAM_SALE_DEFAULTS["abc_share_a"],
        help="Customers are ranked by revenue over 12 months: the first ones "
        "that together make this share of the company's revenue are graded A.",
    )
    kam_abc_share_b = fields.Integer(
        string="Grade B: Share of Revenue (%)",
        default=KAM_SALE_DEFAULTS["abc_share_b"],
        help="The next customers that together make this share are graded B.",
    )
    kam_abc_share_c = fields.Integer(
        string="Grade C: Share of Revenue (%)",
        default=KAM_SALE_DEFAULTS["abc_share_c"],
        help="The rest of the revenue: customers graded C. The three shares "
        "add up to 100.",
    )
    kam_sale_points = fields.Integer(
        string="Points Earned",
        default=KAM_SALE_DEFAULTS["sale_points"],
        help="Points earned for each amount below (untaxed, company currency), "
        "times the points multiplier of the account's tier. 0 earns no points "
        "from purchases.",
    )
    kam_sale_points_amount = fields.Integer(
        string="Per Amount",
        default=KAM_SALE_DEFAULTS["sale_points_amount"],
        help="Untaxed amount, in the company currency, that earns the points above.",
    )
    kam_sale_points_trigger = fields.Selection(
        [
            ("order", "Order Confirmation"),
            ("invoice", "Invoice Posting"),
        ],
        string="Earn Points On",
        default="order",
        required=True,
        config_parameter="key_account_mgmt.sale_points_trigger",
        help="Order Confirmation: points are earned when the sale order is "
        "confirmed and reversed when it is cancelled. Invoice Posting: when its "
        "customer invoice is posted, and reversed when the invoice is reset to "
        "draft or cancelled.",
    )
    kam_health_weight_purchases = fields.Integer(
        string="Weight: Purchases",
        default=KAM_SALE_DEFAULTS["health_weight_purchases"],
        help="Purchase recency and order frequency trend in the health score. "
        "0 ignores them.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        Partner = self.env["res.partner"]
        for fname, name in KAM_SALE_SETTINGS.items():
            res[fname] = Partner._kam_sale_param(name)
        return res

    def set_values(self):
        result = super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for fname, name in KAM_SALE_SETTINGS.items():
            key = f"key_account_mgmt.{name}"
            value = str(int(self[fname] or 0))
            if params.get_param(key) != value:
                params.set_param(key, value)
        return result

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
