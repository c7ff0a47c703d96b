from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _kam_log_tracking(self, field_name, changes):
        """Log changes of one tracked field written by SQL, as the ORM tracks
        them: one message per record, with its tracking value, in batch.

        :param str field_name: the tracked field
        :param dict changes: {record id: (old value, new value)}; ids (or
            False) for a many2one
        :return: the messages (``mail.message``), to ``_kam_restrict()`` them
        """
        if not changes:
            return self.env["mail.message"]
        records = self.sudo().browse(list(changes))
        field = self._fields[field_name]
        col_info = records.fields_get(
            [field_name], attributes=("string", "type", "selection", "relation")
        )[field_name]
        if field.type == "many2one":
            Comodel = (
                self.env[field.comodel_name].sudo().with_context(active_test=False)
            )

            def value(old_or_new):
                return Comodel.browse(old_or_new or [])

        else:

            def value(old_or_new):
                return old_or_new

        messages = records._message_log_batch(dict.fromkeys(records.ids, ""))
        Tracking = self.env["mail.tracking.value"].sudo()
        Tracking.create(
            [
                dict(
                    Tracking._create_tracking_values(
                        value(changes[message.res_id][0]),
                        value(changes[message.res_id][1]),
                        field_name,
                        col_info,
                        records.browse(message.res_id),
                    ),
                    mail_message_id=message.id,
                )
                for message in messages
            ]
        )
        return messages
