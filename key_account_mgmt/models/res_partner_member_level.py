from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_LEVEL_MONTHS, KAM_POINTS_DIGITS


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_member_level_id = fields.Many2one(
        "kam.member.level",
        string="Member Level",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
        groups="key_account_mgmt.group_kam_user",
        help="Follows the qualifying points earned over the last 12 months.",
    )

    kam_member_level_color = fields.Integer(
        related="kam_member_level_id.color",
        string="Member Level Colour",
        groups="key_account_mgmt.group_kam_user",
    )

    kam_qualifying_points = fields.Float(
        string="Qualifying Points (12 months)",
        digits=KAM_POINTS_DIGITS,
        compute="_compute_kam_qualifying_points",
        groups="key_account_mgmt.group_kam_user",
        help="Points earned (and manually adjusted) over the last 12 months; "
        "they set the member level.",
    )

    @api.depends_context("uid")
    def _compute_kam_qualifying_points(self):
        since = fields.Date.context_today(self) - relativedelta(months=KAM_LEVEL_MONTHS)
        accounts = self.commercial_partner_id
        groups = (
            self.env["kam.points.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", accounts.ids),
                    ("is_qualifying", "=", True),
                    ("date", ">", since),
                ],
                groupby=["partner_id"],
                aggregates=["points:sum"],
            )
        )
        totals = {partner.id: total for partner, total in groups}
        for partner in self:
            partner.kam_qualifying_points = totals.get(
                partner.commercial_partner_id.id, 0.0
            )

    # ------------------------------------------------------------------
    # Member levels
    # ------------------------------------------------------------------
    @api.model
    def _kam_recompute_member_levels(self, partners):
        """Member level of a batch of commercial partners.

        One aggregate query for the qualifying points of the batch, one query
        for the levels, one UPDATE of the changed rows, then the tracking
        messages and the announcements of the changes, in batch.
        """
        ids = [pid for pid in partners.ids if isinstance(pid, int)]
        if not ids:
            return {}
        self.env["kam.points.line"].flush_model()
        levels = (
            self.env["kam.member.level"].sudo().search([], order="min_points, sequence")
        )
        since = fields.Date.context_today(self) - relativedelta(months=KAM_LEVEL_MONTHS)
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, partner.kam_member_level_id,
                       COALESCE(SUM(line.points), 0)
                  FROM res_partner AS partner
             LEFT JOIN kam_points_line AS line
                       ON line.partner_id = partner.id
                      AND line.is_qualifying IS TRUE
                      AND line.date > %(since)s
                 WHERE partner.id = ANY(%(ids)s)
                   AND partner.commercial_partner_id = partner.id
              GROUP BY partner.id
                """,
                since=since,
                ids=ids,
            )
        )
        changes = {}
        Level = self.env["kam.member.level"]
        for partner_id, old_level_id, points in self.env.cr.fetchall():
            new_level = Level._kam_level_for(float(points), levels)
            if (old_level_id or False) != (new_level.id or False):
                changes[partner_id] = (old_level_id, new_level.id)
        if not changes:
            return changes
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS partner
                   SET kam_member_level_id = v.level_id
                  FROM (VALUES %s) AS v(id, level_id)
                 WHERE partner.id = v.id
                """,
                SQL(", ").join(
                    SQL("(%s, %s::integer)", pid, new or None)
                    for pid, (_old, new) in changes.items()
                ),
            )
        )
        self.browse(list(changes)).invalidate_recordset(["kam_member_level_id"])
        self._kam_announce_level_changes(changes, levels)
        return changes

    @api.model
    def _kam_announce_level_changes(self, changes, levels):
        """Tracking messages and emails for level changes, in batch.

        :param dict changes: {partner_id: (old_level_id, new_level_id)}
        """
        Level = self.env["kam.member.level"].sudo().with_context(active_test=False)
        partners = self.sudo().browse(list(changes))
        # Key-account facts: for key-account users only (see mail.message).
        self._kam_log_tracking("kam_member_level_id", changes)._kam_restrict()
        # Announce upgrades and downgrades, not the first base level.
        base_level = levels[:1]
        announce = [
            pid
            for pid, (old, new) in changes.items()
            if new and (old or Level.browse(new) != base_level)
        ]
        template = self.env.ref(
            "key_account_mgmt.mail_template_kam_member_level_change",
            raise_if_not_found=False,
        )
        recipients = partners.browse(announce).filtered("email")
        if template and recipients:
            mails = (
                template.sudo()
                .with_context(
                    kam_level_changes={
                        pid: (old or False, new) for pid, (old, new) in changes.items()
                    }
                )
                .send_mail_batch(recipients.ids)
            )
            # The copy in the chatter tells the balance: key-account users only.
            mails.mail_message_id._kam_restrict()

    def _kam_level_change_direction(self):
        """'up' or 'down' for the level change being announced (templates)."""
        self.ensure_one()
        old_id, new_id = (self.env.context.get("kam_level_changes") or {}).get(
            self.id, (False, False)
        )
        Level = self.env["kam.member.level"].sudo().with_context(active_test=False)
        old, new = Level.browse(old_id or []), Level.browse(new_id or [])
        if old and new and new.min_points < old.min_points:
            return "down"
        return "up"

    # ------------------------------------------------------------------
    # Scores job: the levels of each batch of key accounts, then a step for
    # the partners with points that are no key accounts
    # ------------------------------------------------------------------
    @api.model
    def _kam_scores_batch(self, partners):
        result = super()._kam_scores_batch(partners)
        self._kam_recompute_member_levels(partners)
        return result

    @api.model
    def _kam_scores_job_steps(self):
        return super()._kam_scores_job_steps() + [
            ("member_levels", "_kam_recompute_levels_of_non_accounts"),
        ]

    @api.model
    def _kam_recompute_levels_of_non_accounts(self, batch_size=2000):
        """Levels of the partners that have points but are no key accounts.

        A step of the scores job: False when the cron's time is up with
        partners left (the next run goes through them all again, and only
        levels that differ are written).
        """
        self.env["kam.points.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id
                  FROM res_partner AS partner
                 WHERE partner.commercial_partner_id = partner.id
                   AND NOT (partner.is_key_account IS TRUE
                            AND (partner.is_company IS TRUE
                                 OR partner.parent_id IS NULL))
                   AND (partner.kam_member_level_id IS NOT NULL
                        OR EXISTS (SELECT 1 FROM kam_points_line AS line
                                    WHERE line.partner_id = partner.id))
              ORDER BY partner.id
                """
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        # A level changes (tracking, email) only when it differs: a run cut
        # short and run again announces nothing twice.
        remaining = len(ids)
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            self._kam_recompute_member_levels(self.sudo().browse(batch))
            self.env.invalidate_all()
            remaining -= len(batch)
            if self.env["ir.cron"]._kam_commit_progress(len(batch), remaining) <= 0:
                return not remaining
        return True
