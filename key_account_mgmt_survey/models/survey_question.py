from odoo import api, fields, models
from odoo.exceptions import ValidationError

KAM_DIMENSIONS = [
    ("product_quality", "Product Quality"),
    ("service_attitude", "Service Attitude"),
    ("resolution_efficiency", "Resolution Efficiency"),
    ("other", "Other"),
]


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    kam_dimension = fields.Selection(
        KAM_DIMENSIONS,
        string="Satisfaction Dimension",
        help="The answers to this scale question count for this dimension of "
        "the account's satisfaction (scaled to 1-5).",
    )
    kam_is_nps = fields.Boolean(
        string="Counts for NPS",
        help='A 0-10 scale question ("How likely are you to recommend us?"): '
        "9-10 are promoters, 7-8 passives, 0-6 detractors.",
    )

    @api.constrains("kam_is_nps", "question_type", "scale_min", "scale_max")
    def _check_kam_is_nps(self):
        for question in self:
            if question.kam_is_nps and not (
                question.question_type == "scale"
                and question.scale_min == 0
                and question.scale_max == 10
            ):
                raise ValidationError(
                    self.env._(
                        'The question "%(question)s" cannot count for the NPS: '
                        "only a scale question from 0 to 10 can.",
                        question=question.title,
                    )
                )
            if question.kam_is_nps and question.kam_dimension:
                raise ValidationError(
                    self.env._(
                        'The NPS question "%(question)s" cannot also rate a '
                        "satisfaction dimension.",
                        question=question.title,
                    )
                )
