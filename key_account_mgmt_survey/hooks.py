from odoo.tools import SQL


def pre_init_hook(env):
    """Create the stored survey columns by SQL and fill them with SQL.

    Empty partner figures let the ORM skip computing them partner by partner
    at install (the scores job fills them); the key account of existing
    answers is set with one UPDATE instead of a compute per answer.
    """
    cr = env.cr
    columns = [
        ("res_partner", "kam_nps", "integer"),
        ("res_partner", "kam_survey_satisfaction", "numeric"),
        ("res_partner", "kam_last_survey_date", "date"),
        ("survey_user_input", "kam_account_id", "integer"),
    ]
    for table, name, sql_type in columns:
        # SQL: install hook, before the ORM knows the fields.
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s",
                SQL.identifier(table),
                SQL.identifier(name),
                SQL(sql_type),
            )
        )
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
