from collections import Counter, defaultdict

from odoo import api, models
from odoo.tools import format_date


class KamInteraction(models.Model):
    """A logged interaction leaves a trace on the account: a note in its
    chatter (who, when and how; the content stays in the communication log,
    which only key-account users read) and its planned Revisit done."""

    _inherit = "kam.interaction"

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        interactions._kam_post_on_account()
        interactions._kam_close_revisits()
        return interactions

    def _kam_post_on_account(self):
        """One note per interaction in the chatter of its account, logged in
        batches (one per author, and per further interaction of an account in
        the same batch) instead of one message_post each: an internal note,
        notifying nobody."""
        channels = dict(self._fields["channel"]._description_selection(self.env))
        rounds = defaultdict(list)  # (author, round): [(account, body)]
        seen = Counter()
        # An interaction logged by marking an activity done has its trace
        # already: the "done" message of the activity.
        for interaction in self.sudo().filtered(lambda i: not i.activity_type_id):
            body = self.env._(
                "%(channel)s on %(date)s by %(user)s, recorded in the %(log)s.",
                channel=channels.get(interaction.channel, interaction.channel),
                date=format_date(self.env, interaction.date),
                user=interaction.user_id.name,
                log=interaction._get_html_link(title=self.env._("communication log")),
            )
            key = (interaction.user_id.partner_id.id, interaction.partner_id.id)
            rounds[key[0], seen[key]].append((interaction.partner_id, body))
            seen[key] += 1
        messages = self.env["mail.message"]
        for (author_id, _round), notes in rounds.items():
            accounts = self.env["res.partner"].union(*(a for a, _b in notes))
            messages |= accounts._message_log_batch(
                {account.id: body for account, body in notes}, author_id=author_id
            )
        # The communication log is for key-account users: so is its trace.
        messages._kam_restrict()

    def _kam_close_revisits(self):
        """Mark done the open Revisit activities of the accounts, the
        interaction being the revisit."""
        revisit_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_revisit", raise_if_not_found=False
        )
        if not revisit_type or not self:
            return
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.partner_id.ids),
                    ("activity_type_id", "=", revisit_type.id),
                ]
            )
        )
        activities._kam_done_by_interaction()
