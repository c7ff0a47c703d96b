from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

# Interactions and complaints the profile lists per account.
KAM_PROFILE_RECENT = 10


class ReportKamProfile(models.AbstractModel):
    """The printable key-account profile: one page per partner printed (a
    contact prints its account's), with the latest interactions and
    complaints of the account that the user may read."""

    _name = "report.key_account_mgmt.report_kam_profile"
    _inherit = "kam.account.printout"
    _description = "Key-Account Profile Report"

    @api.model
    def _kam_account_values(self, accounts):
        return {
            "kam_interactions": self._kam_latest_by_account(
                "kam.interaction", "partner_id", accounts
            ),
            "kam_complaints": self._kam_latest_by_account(
                "kam.complaint",
                "commercial_partner_id",
                accounts,
                order="date_received desc",
            ),
        }

    @api.model
    def _kam_latest_by_account(self, model_name, field_name, accounts, order=None):
        """{account id: its latest KAM_PROFILE_RECENT records of the model}.

        What ``search([(field_name, '=', account.id)], limit=..., order=...)``
        returns for each account, as the user (access rights and record
        rules), in one query: a window over the records of all the accounts.
        """
        Model = self.env[model_name]
        query = Model._search(Domain(field_name, "in", accounts.ids))
        account = Model._field_to_sql(Model._table, field_name, query)
        rank = SQL(
            "ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s)",
            account,
            Model._order_to_sql(order or Model._order, query),
        )
        self.env.cr.execute(
            SQL(
                "SELECT id, account_id FROM (%s) AS ranked WHERE rank <= %s "
                "ORDER BY account_id, rank",
                query.select(
                    SQL("%s AS id", SQL.identifier(Model._table, "id")),
                    SQL("%s AS account_id", account),
                    SQL("%s AS rank", rank),
                ),
                KAM_PROFILE_RECENT,
            )
        )
        rows = self.env.cr.fetchall()
        records = Model.browse([record_id for record_id, _account_id in rows])
        ids_by_account = {account_id: [] for account_id in accounts.ids}
        for record_id, account_id in rows:
            ids_by_account[account_id].append(record_id)
        return {
            account_id: Model.browse(ids).with_prefetch(records._prefetch_ids)
            for account_id, ids in ids_by_account.items()
        }
