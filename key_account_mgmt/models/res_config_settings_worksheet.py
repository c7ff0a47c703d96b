from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_archive_review import KAM_REVIEW_DEFAULT_MONTHS
from .res_partner_classification import KAM_SIZE_DEFAULTS
from .res_partner_duplicate import KAM_DUPLICATE_CRITERIA


class ResConfigSettings(models.TransientModel):
    """Settings of the classification, the duplicate check and the review."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    kam_size_small_from = fields.Integer(
        string="Small from (employees)",
        config_parameter="key_account_mgmt.size_small_from",
        default=KAM_SIZE_DEFAULTS["size_small_from"],
    )
    kam_size_medium_from = fields.Integer(
        string="Medium from (employees)",
        config_parameter="key_account_mgmt.size_medium_from",
        default=KAM_SIZE_DEFAULTS["size_medium_from"],
    )
    kam_size_large_from = fields.Integer(
        string="Large from (employees)",
        config_parameter="key_account_mgmt.size_large_from",
        default=KAM_SIZE_DEFAULTS["size_large_from"],
    )
    kam_duplicate_mode = fields.Selection(
        [
            ("warn", "Warn"),
            ("block", "Block"),
            ("off", "Off"),
        ],
        string="Duplicate Check",
        default="warn",
        required=True,
        config_parameter="key_account_mgmt.duplicate_mode",
        help="Warn: the form shows the customers that may be the same. Block: "
        "such a customer cannot be saved. Off: no check.",
    )
    kam_duplicate_by_name = fields.Boolean(string="Same Name", default=True)
    kam_duplicate_by_registry = fields.Boolean(string="Same Company ID", default=True)
    kam_duplicate_by_vat = fields.Boolean(string="Same Tax ID", default=True)
    kam_duplicate_by_phone = fields.Boolean(string="Same Phone", default=True)
    kam_duplicate_by_email_domain = fields.Boolean(
        string="Same E-mail Domain", default=True
    )
    kam_archive_review_months = fields.Integer(
        string="Review Archives Every (months)",
        config_parameter="key_account_mgmt.archive_review_months",
        default=KAM_REVIEW_DEFAULT_MONTHS,
        help="The account manager confirms the archive of each key account this "
        "often; a Review Archive activity is scheduled when it is due. 0 turns "
        "the reviews off.",
    )

    @api.constrains(
        "kam_size_small_from",
        "kam_size_medium_from",
        "kam_size_large_from",
        "kam_archive_review_months",
    )
    def _check_kam_worksheet_settings(self):
        for settings in self:
            if not (
                0
                < settings.kam_size_small_from
                < settings.kam_size_medium_from
                < settings.kam_size_large_from
            ):
                raise ValidationError(
                    self.env._(
                        "Company sizes: the employees from which a company is "
                        "small, medium and large must be positive and increasing."
                    )
                )
            if settings.kam_archive_review_months < 0:
                raise ValidationError(
                    self.env._("The archive review interval cannot be negative.")
                )

    @api.model
    def get_values(self):
        res = super().get_values()
        criteria = self.env["res.partner"]._kam_duplicate_criteria()
        for criterion in KAM_DUPLICATE_CRITERIA:
            res[f"kam_duplicate_by_{criterion}"] = criterion in criteria
        return res

    def set_values(self):
        Partner = self.env["res.partner"]
        old_sizes = Partner._kam_size_thresholds()
        old_months = Partner._kam_review_months()
        res = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.duplicate_criteria",
            ",".join(c for c in KAM_DUPLICATE_CRITERIA if self[f"kam_duplicate_by_{c}"])
            or "none",
        )
        if Partner._kam_size_thresholds() != old_sizes:
            Partner.sudo()._kam_recompute_sizes()
        if Partner._kam_review_months() != old_months:
            Partner.sudo()._kam_recompute_review_dates()
        return res
