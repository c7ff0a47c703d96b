from odoo import fields, models

KAM_SURVEY_PURPOSES = [
    ("satisfaction", "Satisfaction"),
    ("nps", "NPS"),
    ("needs", "Needs"),
]


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    kam_purpose = fields.Selection(
        KAM_SURVEY_PURPOSES,
        string="Key-Account Purpose",
        index="btree_not_null",
        help="Satisfaction and NPS surveys feed the satisfaction figures, the "
        "health score and the improvement actions of key accounts; the answers "
        "to a needs questionnaire are posted in the account's chatter and can "
        "be copied into its needs. Empty for other surveys.",
    )
