from odoo import api, fields, models
from odoo.tools import SQL

KAM_VALUE_GRADES = [("A", "A"), ("B", "B"), ("C", "C")]
KAM_SIZES = [
    ("micro", "Micro Enterprise"),
    ("small", "Small Enterprise"),
    ("medium", "Medium Enterprise"),
    ("large", "Large Enterprise"),
]
# Employees from which a company is small, medium, large (settings
# "key_account_mgmt.size_<name>_from"); by default China's thresholds for
# industrial SMEs (工信部联企业〔2011〕300号).
KAM_SIZE_DEFAULTS = {
    "size_small_from": 20,
    "size_medium_from": 300,
    "size_large_from": 1000,
}


class ResPartner(models.Model):
    """Classification of accounts (客户分类): value grade and company size.

    Industry (``industry_id``), region (country, state, city) and tags are
    Odoo's own fields; this adds the ABC value grade, set by hand or by the
    worksheet import (the sales bridge computes it when its ABC grading is
    on), and the company size from its head count.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_value_grade = fields.Selection(
        KAM_VALUE_GRADES,
        string="Value Grade",
        tracking=True,
        copy=False,
        group_expand=True,
        groups="key_account_mgmt.group_kam_user",
        help="ABC grade of the customer's value (客户分级): set by hand or by the "
        "worksheet import; with Sales and its ABC grading on, computed from the "
        "share of revenue over the last 12 months.",
    )
    kam_employee_count = fields.Integer(
        string="Employees",
        copy=False,
        aggregator="sum",
        groups="key_account_mgmt.group_kam_user",
        help="Head count of the company; it sets its size.",
    )
    kam_size = fields.Selection(
        KAM_SIZES,
        string="Company Size",
        compute="_compute_kam_size",
        store=True,
        group_expand=True,
        groups="key_account_mgmt.group_kam_user",
        help="From the number of employees and the thresholds in the settings.",
    )

    _kam_value_grade_idx = models.Index(
        "(kam_value_grade) WHERE kam_value_grade IS NOT NULL"
    )

    @api.model
    def _kam_size_thresholds(self):
        return tuple(
            self._kam_get_param(name, default)
            for name, default in KAM_SIZE_DEFAULTS.items()
        )

    @api.model
    def _kam_size_of(self, count, thresholds=None):
        if not count or count <= 0:
            return False
        small, medium, large = thresholds or self._kam_size_thresholds()
        if count >= large:
            return "large"
        if count >= medium:
            return "medium"
        if count >= small:
            return "small"
        return "micro"

    @api.depends("kam_employee_count")
    def _compute_kam_size(self):
        thresholds = self._kam_size_thresholds()
        for partner in self:
            partner.kam_size = self._kam_size_of(partner.kam_employee_count, thresholds)

    @api.model
    def _kam_recompute_sizes(self):
        """Sizes of every partner after a change of the thresholds (one UPDATE)."""
        small, medium, large = self._kam_size_thresholds()
        self.flush_model(["kam_employee_count", "kam_size"])
        # SQL: bulk update of every partner's size (a settings change).
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS p
                   SET kam_size = v.size
                  FROM (SELECT id,
                               CASE WHEN COALESCE(kam_employee_count, 0) <= 0 THEN NULL
                                    WHEN kam_employee_count >= %(large)s THEN 'large'
                                    WHEN kam_employee_count >= %(medium)s THEN 'medium'
                                    WHEN kam_employee_count >= %(small)s THEN 'small'
                                    ELSE 'micro' END AS size
                          FROM res_partner
                         WHERE kam_employee_count IS NOT NULL OR kam_size IS NOT NULL
                       ) AS v
                 WHERE p.id = v.id AND p.kam_size IS DISTINCT FROM v.size
             RETURNING p.id
                """,
                small=small,
                medium=medium,
                large=large,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.browse(ids).invalidate_recordset(["kam_size"])
            self.browse(ids).modified(["kam_size"])
        return ids
