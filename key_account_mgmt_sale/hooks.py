from odoo.addons.key_account_mgmt.hooks import kam_add_columns


def pre_init_hook(env):
    """Create the stored sales columns of res.partner by SQL.

    Empty columns let the ORM skip computing them partner by partner at
    install; the scores cron fills them with a few aggregate queries.
    """
    cr = env.cr
    columns = [
        ("kam_revenue_12m", "numeric"),
        ("kam_order_count_12m", "integer"),
        ("kam_last_order_date", "date"),
        ("kam_average_order_12m", "numeric"),
        ("kam_order_trend", "double precision"),
        ("kam_value_grade", "varchar"),
        ("kam_suggested_tier_id", "integer"),
        ("kam_currency_id", "integer"),
    ]
    kam_add_columns(cr, "res_partner", columns)
    # The revenue currency: the currency of the company of the commercial
    # partner, or of the main company for partners shared between companies.
    # SQL: one UPDATE for every partner instead of a compute per row.
    cr.execute(
        """
        UPDATE res_partner partner
           SET kam_currency_id = COALESCE(
                   company.currency_id,
                   (SELECT main.currency_id
                      FROM res_company main
                     WHERE main.id = COALESCE(
                               (SELECT res_id FROM ir_model_data
                                 WHERE module = 'base' AND name = 'main_company'),
                               (SELECT MIN(id) FROM res_company))))
          FROM res_partner commercial
          LEFT JOIN res_company company ON company.id = commercial.company_id
         WHERE commercial.id = COALESCE(partner.commercial_partner_id, partner.id)
        """
    )
