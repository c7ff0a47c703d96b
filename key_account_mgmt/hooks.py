from odoo.tools import SQL


def pre_init_hook(env):
    """Create the stored key-account columns of res.partner by SQL.

    The ORM fills a new stored column by computing it (or writing its default)
    for every row; on a database with many partners that is slow. Creating the
    columns here, empty, lets the ORM find them and skip that work. Columns
    that need a value are filled with one UPDATE each.
    """
    cr = env.cr
    columns = [
        ("is_key_account", "boolean"),
        ("kam_tier_id", "integer"),
        ("kam_manager_id", "integer"),
        ("kam_backup_manager_id", "integer"),
        ("kam_since", "date"),
        ("kam_preferred_channel", "varchar"),
        ("kam_birthday", "date"),
        # relationship rhythm and health
        ("kam_last_interaction_date", "date"),
        ("kam_next_visit_date", "date"),
        ("kam_health_score", "integer"),
        ("kam_churn_risk", "varchar"),
        ("kam_lifecycle_stage", "varchar"),
        ("kam_health_components", "jsonb"),
        ("kam_health_date", "date"),
    ]
    for name, sql_type in columns:
        cr.execute(
            SQL(
                "ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS %s %s",
                SQL.identifier(name),
                SQL(sql_type),
            )
        )
    cr.execute(
        "UPDATE res_partner SET is_key_account = FALSE WHERE is_key_account IS NULL"
    )

    # Loyalty points and member levels: the balance is only ever changed by
    # SQL when a ledger line is written; NULL reads as 0.
    for name, sql_type in [
        ("kam_points_balance", "numeric"),
        ("kam_member_level_id", "integer"),
        ("kam_referred_by_id", "integer"),
        ("kam_referral_awarded", "boolean"),
        # Customer worksheet, classification, duplicate check, archive upkeep
        ("kam_value_grade", "varchar"),
        ("kam_employee_count", "integer"),
        ("kam_size", "varchar"),
        ("kam_last_purchase", "varchar"),
        ("kam_worksheet_feedback", "text"),
        ("kam_dup_name_key", "varchar"),
        ("kam_dup_registry_key", "varchar"),
        ("kam_dup_vat_key", "varchar"),
        ("kam_dup_phone_key", "varchar"),
        ("kam_dup_email_domain", "varchar"),
        ("kam_archive_completeness", "integer"),
        ("kam_archive_confirmed_date", "date"),
        ("kam_archive_confirmed_by_id", "integer"),
        ("kam_archive_review_date", "date"),
        ("kam_archive_review_requested_date", "date"),
    ]:
        cr.execute(
            SQL(
                "ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS %s %s",
                SQL.identifier(name),
                SQL(sql_type),
            )
        )


def post_init_hook(env):
    """Fill the duplicate-check keys of the existing partners, by SQL batches
    (their columns were created empty by the pre_init_hook)."""
    env["res.partner"]._kam_fill_duplicate_keys()
