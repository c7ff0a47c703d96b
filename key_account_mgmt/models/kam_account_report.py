from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_LIFECYCLE_STAGES


class KamAccountReport(models.AbstractModel):
    """What the analyses with one row per key account share (value,
    behaviour): the account's dimensions and the query, built from
    ``_kam_select`` (a list of ``SQL`` columns), ``_kam_from`` (the partner
    table ``p`` and joins) and ``_kam_where``, which each analysis and bridge
    extends with ``super()``."""

    _name = "kam.account.report"
    _description = "Key-Account Analysis"
    _order = "partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    tier_id = fields.Many2one("kam.tier", readonly=True)
    manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    lifecycle_stage = fields.Selection(KAM_LIFECYCLE_STAGES, readonly=True)
    account_count = fields.Integer(string="Accounts", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            "SELECT %s FROM %s WHERE %s",
            SQL(", ").join(self._kam_select()),
            self._kam_from(),
            self._kam_where(),
        )

    @api.model
    def _kam_since(self):
        """The start of the 12 months the analyses count."""
        return fields.Date.context_today(self) - relativedelta(months=12)

    @api.model
    def _kam_select(self):
        return [
            SQL("p.id AS id"),
            SQL("p.id AS partner_id"),
            SQL("p.company_id AS company_id"),
            SQL("p.kam_tier_id AS tier_id"),
            SQL("p.kam_manager_id AS manager_id"),
            SQL("p.kam_lifecycle_stage AS lifecycle_stage"),
            SQL("1 AS account_count"),
        ]

    @api.model
    def _kam_from(self):
        return SQL("res_partner AS p")

    @api.model
    def _kam_where(self):
        # The key accounts themselves (res.partner._kam_account_domain).
        return SQL(
            "p.is_key_account IS TRUE AND (p.is_company IS TRUE OR p.parent_id IS NULL)"
        )
