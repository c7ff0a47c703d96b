import io

import openpyxl

from odoo.addons.key_account_mgmt.wizard.kam_worksheet_line import (
    KAM_WORKSHEET_COLUMNS,
)
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_worksheet import HEADERS_EN, KamWorksheetCommon


@tagged("post_install", "-at_install")
class TestWorksheetExport(KamWorksheetCommon):
    def test_export_matches_import(self):
        """What was imported exports as the same rows, headers in the user's
        language, as an xlsx file to download."""
        rows = [
            {
                "contact_name": "Anna Weber",
                "company_name": "Weber Robotics GmbH",
                "function": "Head of Purchasing",
                "phone": "+49 30 1234567",
                "email": "anna@weber-robotics.de",
                "address": "Berlin",
                "interaction": "2024-03-01 Phone call, new project",
                "purchase": "2024-02-01 Robot arm, 12000 EUR",
                "feedback": "Wants a service contract",
                "industry": "Robotics",
                "grade": "A",
                "manager": "Account Manager",
                "company_registry": "HRB 123456",
                "vat": "DE123456789",
            },
            {
                "contact_name": "Jonas Weber",
                "company_name": "Weber Robotics GmbH",
                "function": "CTO",
                "phone": "+49 30 7654321",
                "email": "jonas@weber-robotics.de",
                "address": "Berlin",
                "interaction": "2024-04-02 Meeting, technical review",
                "purchase": "2024-02-01 Robot arm, 12000 EUR",
                "feedback": "",
                "industry": "Robotics",
                "grade": "A",
                "manager": "Account Manager",
                "company_registry": "HRB 123456",
                "vat": "DE123456789",
            },
            {
                "contact_name": "刘洋",
                "company_name": "杭州云帆信息技术有限公司",
                "function": "总经理",
                "phone": "+86 571 8888 6666",
                "email": "liuyang@yunfan-it.cn",
                "address": "浙江省杭州市西湖区文三路100号",
                "interaction": "2024-05-06 拜访客户，介绍新产品",
                "purchase": "",
                "feedback": "对价格敏感",
                "industry": "Robotics",
                "grade": "C",
                "manager": "Other Account Manager",
                "company_registry": "91330100MA2AAAAA0X",
                "vat": "",
            },
        ]
        content = self.make_xlsx(KAM_WORKSHEET_COLUMNS, rows, headers=HEADERS_EN)
        result = self.import_worksheet(content, self.kam_manager)
        self.assertFalse(result["messages"], result["messages"])
        accounts = self.env["res.partner"].search(
            [
                (
                    "name",
                    "in",
                    ["Weber Robotics GmbH", "杭州云帆信息技术有限公司"],
                )
            ],
            order="id",
        )
        self.assertEqual(len(accounts), 2)

        action = accounts.with_user(self.kam_manager).action_kam_export_worksheet()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = (
            self.env["ir.attachment"].with_user(self.kam_manager).browse(attachment_id)
        )
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw), read_only=True)
        sheet_rows = [
            ["" if v is None else v for v in row]
            for row in book.active.iter_rows(values_only=True)
        ]
        self.assertEqual(
            sheet_rows[0], [HEADERS_EN[column] for column in KAM_WORKSHEET_COLUMNS]
        )
        expected = [[row[column] for column in KAM_WORKSHEET_COLUMNS] for row in rows]
        self.assertEqual(sorted(sheet_rows[1:]), sorted(expected))

        # The export file imports again without changing anything.
        count = self.env["res.partner"].search_count([])
        result = self.import_worksheet(attachment.raw, self.kam_manager)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_export_needs_key_account_rights(self):
        """Only key-account users export the worksheet (it holds the archive)."""
        with self.assertRaises(AccessError):
            self.account.with_user(self.employee).action_kam_export_worksheet()
