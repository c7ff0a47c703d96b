from freezegun import freeze_time

from odoo import Command
from odoo.addons.key_account_mgmt.tests.common import KamCommon
from odoo.tests import new_test_user


class KamSaleCommon(KamCommon):
    """KamCommon plus a salesperson, products, a second currency and orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="kam_salesman",
            groups="sales_team.group_sale_salesman",
            name="Salesperson",
        )
        cls.currency = cls.company.currency_id
        # A second currency with explicit rates (units per unit of the
        # company currency), on the company and from two dates.
        cls.other_currency = cls.env["res.currency"].create(
            {"name": "KMX", "symbol": "K", "rounding": 0.01}
        )
        cls.env["res.currency.rate"].create(
            [
                {
                    "currency_id": cls.other_currency.id,
                    "company_id": cls.company.id,
                    "name": "2025-01-01",
                    "rate": 6.5,
                },
                {
                    "currency_id": cls.other_currency.id,
                    "company_id": cls.company.id,
                    "name": "2026-05-01",
                    "rate": 8.0,
                },
            ]
        )
        cls.other_pricelist = cls.env["product.pricelist"].create(
            {"name": "KMX prices", "currency_id": cls.other_currency.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Sensor", "type": "service", "list_price": 100.0}
        )

    @classmethod
    def _order(cls, partner, amount, date=None, currency=None, confirm=True, **vals):
        """A sale order of ``amount`` untaxed, confirmed on ``date``."""
        values = {
            "partner_id": partner.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.product.id,
                        "product_uom_qty": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
        if currency and currency != cls.currency:
            values["pricelist_id"] = cls.other_pricelist.id
        values.update(vals)
        order = cls.env["sale.order"].create(values)
        if confirm and date:
            with freeze_time(f"{date} 10:00:00"):
                order.action_confirm()
        elif confirm:
            order.action_confirm()
        return order

    @classmethod
    def _set_param(cls, name, value):
        cls.env["ir.config_parameter"].sudo().set_param(
            f"key_account_mgmt.{name}", str(value)
        )
