from odoo.addons.key_account_mgmt.hooks import kam_add_columns
from odoo.tools import SQL


def pre_init_hook(env):
    """Create the stored survey columns by SQL and fill them with SQL.

    Empty partner figures let the ORM skip computing them partner by partner
    at install (the scores job fills them); the key account of existing
    answers is set with one UPDATE instead of a compute per answer.
    """
    cr = env.cr
    kam_add_columns(
        cr,
        "res_partner",
        [
            ("kam_nps", "integer"),
            ("kam_survey_satisfaction", "numeric"),
            ("kam_last_survey_date", "date"),
        ],
    )
    kam_add_columns(cr, "survey_user_input", [("kam_account_id", "integer")])
    # SQL: one UPDATE for every answer instead of a compute per row.
    cr.execute(
        SQL(
            """
            UPDATE survey_user_input AS answer
               SET kam_account_id = account.id
              FROM res_partner AS contact
              JOIN res_partner AS account
                   ON account.id = contact.commercial_partner_id
             WHERE contact.id = answer.partner_id
               AND account.is_key_account IS TRUE
            """
        )
    )
