from odoo import api, fields, models
from odoo.tools import SQL

# Prefix of the groups whose fields are key-account facts.
KAM_GROUP_PREFIX = "key_account_mgmt."


class MailMessage(models.Model):
    """Key-account facts in a chatter are for key-account users only.

    Messages flagged ``kam_restricted`` (points redeemed, referral paid, level
    and lifecycle changes, the member-level emails...) are hidden from every
    other internal user by the record rules of ``kam_security.xml``: the rule
    for employees shows only unflagged messages, the rule for key-account users
    shows all (rules of several groups add up). A message that only tracks
    fields restricted to key-account users is flagged when it is created: it
    would otherwise show as "This message has been removed".
    """

    _inherit = "mail.message"

    kam_restricted = fields.Boolean(
        string="Key-Account Users Only",
        readonly=True,
        copy=False,
        help="Technical: the message holds key-account facts; only key-account "
        "users see it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # Tracking values are for administrators only: read them as superuser.
        tracked = messages.sudo().filtered(lambda m: m.model and m.tracking_value_ids)
        if tracked:
            restricted = tracked.filtered(
                lambda m: (
                    not m.kam_restricted
                    and not (m.body and str(m.body).strip())
                    and all(
                        m._kam_is_restricted_field(tracking.field_id)
                        for tracking in m.tracking_value_ids
                    )
                )
            )
            restricted._kam_restrict()
        return messages

    def _kam_is_restricted_field(self, field):
        if not field:
            return False
        model_field = self.env[field.model]._fields.get(field.name)
        groups = (model_field.groups or "") if model_field else ""
        return bool(groups) and all(
            group.startswith(KAM_GROUP_PREFIX) for group in groups.split(",")
        )

    def _kam_restrict(self):
        """Show these messages to key-account users only (one UPDATE for the
        whole batch: the ORM would write them 100 at a time)."""
        if self:
            self.flush_recordset(["kam_restricted"])
            # SQL: one UPDATE for the batch (see above).
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_message SET kam_restricted = TRUE WHERE id = ANY(%s)",
                    self.ids,
                )
            )
            self.invalidate_recordset(["kam_restricted"])
        return self
