from odoo import api, fields, models
from odoo.tools import html2plaintext


class MailActivity(models.Model):
    _inherit = "mail.activity"

    kam_restricted = fields.Boolean(
        string="Key-Account Users Only",
        readonly=True,
        copy=False,
        help="Technical: the activity tells key-account facts (health, churn "
        "risk); only key-account users see it (record rules).",
    )

    @api.model
    def _kam_schedule(self, activity_type, records, prepare, skip_open=True):
        """Schedule one activity of ``activity_type`` on each of ``records``.

        The one helper of the automated activities (revisits, churn risk,
        churn reason, archive and tier reviews, service-level warnings and
        breaches, care greetings, improvement actions). ``prepare(record)``
        returns the values of the record's activity, at least ``user_id``
        (``note``, ``summary``, ``kam_restricted``, ``date_deadline``, or
        ``res_id`` to put it on another record of the same model...), or None
        for no activity. Records that already have an open activity of that
        type get none (``skip_open=False``: the caller keeps its own log of
        what was scheduled, e.g. one greeting per occasion and year), nor do
        inactive users. The deadline is the type's delay
        (``_get_date_deadline``: days, weeks or months) unless ``prepare``
        gives one. Created as superuser, without a notification email each
        (quick update): they show in the users' to-do lists.
        """
        Activity = self.env["mail.activity"].sudo()
        if not activity_type or not records:
            return Activity.browse()
        with_open = set()
        if skip_open:
            with_open = {
                res_id
                for (res_id,) in Activity._read_group(
                    [
                        ("res_model", "=", records._name),
                        ("res_id", "in", records.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ],
                    groupby=["res_id"],
                )
            }
        model_id = self.env["ir.model"]._get_id(records._name)
        deadline = activity_type._get_date_deadline()
        prepared = [
            (record, vals)
            for record in records
            if record.id not in with_open and (vals := prepare(record))
        ]
        users = (
            self.env["res.users"].sudo().browse({v["user_id"] for _r, v in prepared})
        )
        active = set(users.filtered("active").ids)
        vals_list = [
            {
                "activity_type_id": activity_type.id,
                "res_model_id": model_id,
                "res_id": record.id,
                "date_deadline": deadline,
                "automated": True,
                **vals,
            }
            for record, vals in prepared
            if vals["user_id"] in active
        ]
        return Activity.with_context(mail_activity_quick_update=True).create(vals_list)

    def _action_done(self, feedback=False, attachment_ids=None):
        interaction_vals = self._kam_interaction_values(feedback)
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if interaction_vals:
            self.env["kam.interaction"].sudo().create(interaction_vals)
        return result

    def _kam_interaction_values(self, feedback=False):
        """Values of the interactions that marking these activities done logs.

        Activities of a type that logs interactions, on a key account or one
        of its contacts, give one interaction each, on the account.
        """
        activities = self.filtered(
            lambda a: (
                a.res_model == "res.partner"
                and a.res_id
                and a.activity_type_id.kam_interaction_channel
            )
        )
        if not activities:
            return []
        partners = (
            self.env["res.partner"].sudo().browse(activities.mapped("res_id")).exists()
        )
        accounts = partners.commercial_partner_id.filtered_domain(
            self.env["res.partner"]._kam_account_domain()
        )
        outcome = html2plaintext(feedback) if feedback else False
        today = fields.Date.context_today(self)
        vals_list = []
        for activity in activities:
            partner = partners.browse(activity.res_id)
            if partner not in partners:
                continue
            account = partner.commercial_partner_id
            if account not in accounts:
                continue
            vals_list.append(
                {
                    "partner_id": account.id,
                    "contact_id": partner.id if partner != account else False,
                    "user_id": (activity.user_id or self.env.user).id,
                    "date": today,
                    "channel": activity.activity_type_id.kam_interaction_channel,
                    "summary": activity.summary or activity.activity_type_id.name,
                    "outcome": outcome,
                    "activity_type_id": activity.activity_type_id.id,
                    "company_id": self.env.company.id,
                }
            )
        return vals_list

    def _kam_done_by_interaction(self):
        """Mark these activities done by a logged interaction, without logging
        another interaction for them (``super()`` skips the override above)."""
        return super()._action_done()  # pylint: disable=super-method-mismatch
