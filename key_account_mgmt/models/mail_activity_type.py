from odoo import fields, models

from .kam_constants import KAM_CHANNELS


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    kam_interaction_channel = fields.Selection(
        KAM_CHANNELS,
        string="Logs Interaction",
        help="Marking an activity of this type done on a key account (or one "
        "of its contacts) logs an interaction of this channel.",
    )
