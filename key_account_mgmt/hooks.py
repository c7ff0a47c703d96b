from odoo.tools import SQL

from .models.res_partner_duplicate import KAM_DUPLICATE_KEY_FIELDS, kam_partner_keys

# Partners read and written per statement when the duplicate keys are filled.
KAM_FILL_BATCH_SIZE = 5000
# Columns of the customer worksheet, the classification, the duplicate check
# and the archive upkeep, created empty (no ORM compute over every partner).
KAM_WORKSHEET_COLUMNS_SQL = [
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
]


def kam_add_columns(cr, table, columns):
    """Create the columns ``[(name, SQL type)]`` of ``table`` that do not
    exist yet, empty, in one statement: the ORM then finds them and does not
    compute or default them row by row (install hooks and migrations of the
    key-account addons)."""
    # SQL: install hook, before the ORM knows the fields.
    cr.execute(
        SQL(
            "ALTER TABLE %s %s",
            SQL.identifier(table),
            SQL(", ").join(
                SQL(
                    "ADD COLUMN IF NOT EXISTS %s %s",
                    SQL.identifier(name),
                    SQL(sql_type),
                )
                for name, sql_type in columns
            ),
        )
    )


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
    kam_add_columns(cr, "res_partner", columns)
    # SQL: one UPDATE for every partner instead of the ORM's default per row.
    cr.execute(
        "UPDATE res_partner SET is_key_account = FALSE WHERE is_key_account IS NULL"
    )

    # Loyalty points and member levels: the balance is only ever changed by
    # SQL when a ledger line is written; NULL reads as 0.
    kam_add_columns(
        cr,
        "res_partner",
        [
            ("kam_points_balance", "numeric"),
            ("kam_member_level_id", "integer"),
            ("kam_referred_by_id", "integer"),
            ("kam_referral_awarded", "boolean"),
        ],
    )
    # Customer worksheet, classification, duplicate check, archive upkeep
    create_worksheet_columns(cr)


def create_worksheet_columns(cr):
    """Create the worksheet's columns of res.partner, empty (install and
    migration)."""
    kam_add_columns(cr, "res_partner", KAM_WORKSHEET_COLUMNS_SQL)


def fill_worksheet_columns(env):
    """Values of the worksheet's columns that cannot stay empty: the
    duplicate keys of every partner, by SQL; completeness and review date of
    the key accounts (few), by the ORM."""
    fill_duplicate_keys(env)
    Partner = env["res.partner"].sudo()
    accounts = Partner.search(Partner._kam_account_domain())
    fnames = ["kam_archive_completeness", "kam_archive_review_date"]
    for fname in fnames:
        env.add_to_compute(Partner._fields[fname], accounts)
    accounts._recompute_recordset(fnames)


def post_init_hook(env):
    """Fill the duplicate-check keys of the existing partners, by SQL batches
    (their columns were created empty by the pre_init_hook)."""
    fill_worksheet_columns(env)


def fill_duplicate_keys(env, batch_size=KAM_FILL_BATCH_SIZE):
    """Store the normalised keys of every partner: one SELECT and one UPDATE
    per batch (the normalisation is Python: full width, legal forms...)."""
    cr = env.cr
    # SQL: every partner, archived ones included, in batches of raw rows
    # (no ORM record cache over the whole table).
    cr.execute("SELECT id FROM res_partner ORDER BY id")
    ids = [row[0] for row in cr.fetchall()]
    for start in range(0, len(ids), batch_size):
        # SQL: the raw rows of the batch (see above).
        cr.execute(
            SQL(
                """
                SELECT id, name, company_registry, vat, phone, email
                  FROM res_partner WHERE id = ANY(%s)
                """,
                ids[start : start + batch_size],
            )
        )
        rows = []
        for pid, name, registry, vat, phone, email in cr.fetchall():
            keys = kam_partner_keys(
                {
                    "name": name,
                    "company_registry": registry,
                    "vat": vat,
                    "phone": phone,
                    "email": email,
                }
            )
            if any(keys.values()):
                rows.append(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s)",
                        pid,
                        *(keys[f] or None for f in KAM_DUPLICATE_KEY_FIELDS),
                    )
                )
        if rows:
            # SQL: one UPDATE ... FROM (VALUES ...) per batch.
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner AS p
                       SET kam_dup_name_key = v.name_key,
                           kam_dup_registry_key = v.registry_key,
                           kam_dup_vat_key = v.vat_key,
                           kam_dup_phone_key = v.phone_key,
                           kam_dup_email_domain = v.email_domain
                      FROM (VALUES %s) AS v(id, name_key, registry_key, vat_key,
                                            phone_key, email_domain)
                     WHERE p.id = v.id
                    """,
                    SQL(", ").join(rows),
                )
            )
    env["res.partner"].invalidate_model(list(KAM_DUPLICATE_KEY_FIELDS))
