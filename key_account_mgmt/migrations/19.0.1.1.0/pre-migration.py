from odoo.addons.key_account_mgmt.hooks import create_worksheet_columns


def migrate(cr, version):
    """Customer worksheet, classification, duplicate check, archive upkeep:
    create their columns empty, so that the ORM does not compute them for
    every partner of an existing database."""
    if version:
        create_worksheet_columns(cr)
