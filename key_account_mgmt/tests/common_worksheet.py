import io

import xlsxwriter

from odoo.addons.key_account_mgmt.wizard.kam_worksheet_line import (
    KAM_WORKSHEET_COLUMNS,
)

from .common import KamCommon

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS_EN = dict(
    zip(
        KAM_WORKSHEET_COLUMNS,
        [
            "Contact Name",
            "Company",
            "Job Position",
            "Phone",
            "Email Address",
            "City/Address",
            "Interaction Record",
            "Purchase History",
            "Customer Feedback",
            "Industry",
            "Customer Grade",
            "Account Manager",
            "Company Registry",
            "Tax ID",
        ],
        strict=True,
    )
)
HEADERS_ZH = dict(
    zip(
        KAM_WORKSHEET_COLUMNS,
        [
            "姓名",
            "公司",
            "职位",
            "电话",
            "邮箱",
            "城市/地址",
            "互动记录",
            "购买历史",
            "客户反馈",
            "行业",
            "客户分级",
            "客户经理",
            "统一社会信用代码",
            "税号",
        ],
        strict=True,
    )
)
IMPORT_OPTIONS = {
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "encoding": "",
    "separator": "",
    "quoting": '"',
    "date_format": "",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": False,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
    "tracking_disable": True,
}


class KamWorksheetCommon(KamCommon):
    """Worksheets as people keep them, imported through Odoo's import."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.industry = cls.env["res.partner.industry"].create({"name": "Robotics"})
        # Grades by hand (with the Sales bridge, grading is by revenue by default).
        cls.env["ir.config_parameter"].set_param(
            "key_account_mgmt.value_grade_source", "manual"
        )

    @staticmethod
    def make_xlsx(columns, rows, headers=None):
        """An xlsx file with the given columns (in that order) and rows
        (dicts by column), Chinese headers unless others are given."""
        headers = headers or HEADERS_ZH
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet()
        for col, column in enumerate(columns):
            sheet.write_string(0, col, headers[column])
        for row_index, row in enumerate(rows, 1):
            for col, column in enumerate(columns):
                sheet.write_string(row_index, col, row.get(column, ""))
        workbook.close()
        return output.getvalue()

    def preview(self, content, user):
        wizard = (
            self.env["base_import.import"]
            .with_user(user)
            .create(
                {
                    "res_model": "kam.worksheet.line",
                    "file": content,
                    "file_name": "worksheet.xlsx",
                    "file_type": XLSX,
                }
            )
        )
        return wizard, wizard.parse_preview(dict(IMPORT_OPTIONS))

    def import_worksheet(self, content, user, dryrun=False):
        """Odoo's import of the file as the user; returns its result."""
        wizard, preview = self.preview(content, user)
        self.assertFalse(preview.get("error"), preview.get("error"))
        matches = preview["matches"]
        fields = [
            "/".join(matches[index]) if index in matches else False
            for index in range(len(preview["headers"]))
        ]
        self.assertTrue(all(fields), f"unmapped columns in {preview['headers']}")
        return wizard.execute_import(
            fields, preview["headers"], dict(IMPORT_OPTIONS), dryrun=dryrun
        )
