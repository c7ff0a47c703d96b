from odoo import api, models

# Kanban columns of the complaints that are over: folded by default.
KAM_COMPLAINT_FOLDED_STATES = ("closed", "cancelled")


class KamComplaint(models.Model):
    _inherit = "kam.complaint"

    @api.onchange("partner_id", "company_id")
    def _onchange_partner_id_sla(self):
        """Show the tier and targets a new complaint will get while it is
        being entered (create sets them again from the customer)."""
        if self._origin or not self.partner_id:
            return
        snapshot = self._kam_sla_snapshot(
            self.partner_id, self.company_id or self.env.company
        )
        self.update(snapshot)

    @api.model
    def formatted_read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        groups = super().formatted_read_group(
            domain,
            groupby=groupby,
            aggregates=aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )
        if groupby and groupby[0] == "state":
            for group in groups:
                group["__fold"] = group.get("state") in KAM_COMPLAINT_FOLDED_STATES
        return groups
