from odoo import fields, models


class KamComplaintCategory(models.Model):
    _name = "kam.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    user_id = fields.Many2one(
        "res.users",
        string="Default Responsible",
        domain=[("share", "=", False)],
        ondelete="set null",
        help="New complaints of this category are assigned to this user.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the category between companies."
    )
    complaint_count = fields.Integer(
        string="Complaints", compute="_compute_complaint_count"
    )

    _name_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A complaint category with this name exists."
    )

    def _compute_complaint_count(self):
        groups = self.env["kam.complaint"]._read_group(
            [("category_id", "in", self.ids)],
            groupby=["category_id"],
            aggregates=["__count"],
        )
        counts = {category.id: count for category, count in groups}
        for category in self:
            category.complaint_count = counts.get(category.id, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_complaint_action"
        )
        action["domain"] = [("category_id", "=", self.id)]
        action["context"] = {"default_category_id": self.id}
        return action
