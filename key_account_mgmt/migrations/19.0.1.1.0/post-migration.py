from odoo import SUPERUSER_ID, api
from odoo.addons.key_account_mgmt.hooks import fill_worksheet_columns


def migrate(cr, version):
    """Fill the duplicate keys of every partner by SQL, and the completeness
    and review date of the key accounts."""
    if version:
        fill_worksheet_columns(api.Environment(cr, SUPERUSER_ID, {}))
