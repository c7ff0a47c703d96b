from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_constants import KAM_SETTINGS_DEFAULTS

# The record rule the "own accounts only" setting switches on and off.
KAM_OWN_ACCOUNTS_RULE = "key_account_mgmt.res_partner_rule_kam_own_accounts"


# Kept apart from res_config_settings.py: the settings of who sees what.
class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    kam_own_accounts_only = fields.Boolean(
        string="Account Managers See Only Their Own Accounts",
        help="Key-account users see only the key accounts they manage or back up "
        "(and partners that are no key account); key-account managers still see "
        "all. Off: every key-account user reads every key account's archive and "
        "edits only their own.",
    )
    kam_complaint_max_age_days = fields.Integer(
        string="Oldest Complaint (days)",
        config_parameter="key_account_mgmt.complaint_max_age_days",
        default=KAM_SETTINGS_DEFAULTS["complaint_max_age_days"],
        help="A complaint cannot be received longer ago than this (nor in the "
        "future): older ones belong in the archive and would slow the service-"
        "level job.",
    )

    @api.constrains("kam_complaint_max_age_days")
    def _check_kam_complaint_max_age_days(self):
        for settings in self:
            if not 1 <= settings.kam_complaint_max_age_days <= 3660:
                raise ValidationError(
                    self.env._(
                        "The oldest complaint must be between 1 and 3660 days old."
                    )
                )

    @api.model
    def get_values(self):
        res = super().get_values()
        rule = self.env.ref(KAM_OWN_ACCOUNTS_RULE, raise_if_not_found=False)
        res["kam_own_accounts_only"] = bool(rule and rule.sudo().active)
        return res

    def set_values(self):
        res = super().set_values()
        rule = self.env.ref(KAM_OWN_ACCOUNTS_RULE, raise_if_not_found=False)
        if rule and rule.sudo().active != self.kam_own_accounts_only:
            rule.sudo().active = self.kam_own_accounts_only
        return res
