from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_survey import KAM_SURVEY_DEFAULTS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Survey bridge: survey signal and campaign ----------------------------
    kam_health_weight_survey = fields.Integer(
        string="Weight: Survey",
        config_parameter="key_account_mgmt.health_weight_survey",
        default=KAM_SURVEY_DEFAULTS["health_weight_survey"],
        help="NPS and survey satisfaction of the last 12 months in the health "
        "score. 0 ignores them.",
    )
    kam_survey_campaign_survey_id = fields.Many2one(
        "survey.survey",
        string="Campaign Survey",
        config_parameter="key_account_mgmt.survey_campaign_survey_id",
        domain=[("kam_purpose", "in", ("satisfaction", "nps"))],
        help="The survey the campaign sends to the key accounts whose tier's "
        "survey interval is due. Empty: the shipped satisfaction survey.",
    )

    @api.constrains("kam_health_weight_survey")
    def _check_kam_survey_settings(self):
        for settings in self:
            if settings.kam_health_weight_survey < 0:
                raise ValidationError(
                    self.env._("The weight of surveys cannot be negative.")
                )

    # --- end of survey bridge -----------------------------------------------
