import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..wizard.kam_worksheet_line import KAM_WORKSHEET_COLUMNS
from .kam_write_guard import KAM_ACCOUNT

# Archive fields of the worksheet and of the classification: on a key account,
# only its manager, its backup or a key-account manager changes them (like
# the needs and preferences). Other partners (prospects) are open to
# key-account users.
KAM_WORKSHEET_ARCHIVE_FIELDS = {
    "kam_value_grade",
    "kam_employee_count",
    "kam_last_purchase",
    "kam_worksheet_feedback",
}


class ResPartner(models.Model):
    """The customer worksheet (客户管理工作表): what the import keeps on the
    account and its contacts, and the export of key accounts as a worksheet."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_last_purchase = fields.Char(
        string="Last Purchase",
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Last purchase as noted in the customer worksheet, e.g. "
        "“2022-12-01 购买产品A，1000元”.",
    )
    kam_worksheet_feedback = fields.Text(
        string="Worksheet Feedback",
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Customer feedback of the last worksheet imported (also noted in "
        "the account's chatter).",
    )

    @api.model
    def _kam_write_rules(self):
        rules = super()._kam_write_rules()
        rules.update(dict.fromkeys(KAM_WORKSHEET_ARCHIVE_FIELDS, KAM_ACCOUNT))
        return rules

    def _kam_worksheet_rows(self):
        """Rows of the worksheet of these accounts: one per contact person
        (one for the account itself when it has none), the columns of
        KAM_WORKSHEET_COLUMNS, values in the user's language."""
        if not self.env.user.has_group("key_account_mgmt.group_kam_user"):
            raise AccessError(
                self.env._("Only key-account users can export the worksheet.")
            )
        accounts = self.commercial_partner_id
        grades = dict(self._fields["kam_value_grade"]._description_selection(self.env))
        interactions = self.env["kam.interaction"].search(
            [("partner_id", "in", accounts.ids)], order="date desc, id desc"
        )
        last_interaction = {}
        for interaction in interactions:
            key = (interaction.partner_id.id, interaction.contact_id.id)
            last_interaction.setdefault(key, interaction)
        rows = []
        for account in accounts:
            people = account.child_ids.filtered(lambda c: c.type == "contact")
            if not account.is_company:
                people = account
            for person in people or [account]:
                is_self = person == account
                interaction = last_interaction.get(
                    (account.id, False if is_self else person.id)
                )
                values = {
                    "contact_name": ""
                    if account.is_company and is_self
                    else person.name,
                    "company_name": account.name if account.is_company else "",
                    "function": person.function or "",
                    "phone": person.phone or "",
                    "email": person.email or "",
                    "address": account.street or account.city or "",
                    "interaction": (
                        f"{interaction.date} {interaction.summary}"
                        if interaction
                        else ""
                    ),
                    "purchase": account.kam_last_purchase or "",
                    "feedback": person.kam_worksheet_feedback or "",
                    "industry": account.industry_id.name or "",
                    "grade": grades.get(account.kam_value_grade, ""),
                    "manager": account.kam_manager_id.name or "",
                    "company_registry": account.company_registry or "",
                    "vat": account.vat or "",
                }
                rows.append([values[column] for column in KAM_WORKSHEET_COLUMNS])
        return rows

    def _kam_worksheet_xlsx(self):
        """The worksheet as xlsx bytes, headers in the user's language."""
        labels = self.env["kam.worksheet.line"].fields_get(
            list(KAM_WORKSHEET_COLUMNS), ["string"]
        )
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Customers"))
        bold = workbook.add_format({"bold": True})
        for col, column in enumerate(KAM_WORKSHEET_COLUMNS):
            sheet.write_string(0, col, labels[column]["string"], bold)
            sheet.set_column(col, col, 18)
        for row_index, row in enumerate(self._kam_worksheet_rows(), 1):
            for col, value in enumerate(row):
                sheet.write_string(row_index, col, value or "")
        workbook.close()
        return output.getvalue()

    def action_kam_export_worksheet(self):
        """Download the worksheet of the selected key accounts (xlsx)."""
        if not self:
            raise UserError(self.env._("Select the key accounts to export."))
        content = self._kam_worksheet_xlsx()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Customer Worksheet %(date)s.xlsx",
                    date=fields.Date.context_today(self),
                ),
                "raw": content,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
                "res_model": False,
                "res_id": False,
                "public": False,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
