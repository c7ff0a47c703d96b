"""Selections, states, defaults and other constants of key_account_mgmt.

One home for the values that several features share (no model here).
"""

KAM_CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("meeting", "Meeting"),
    ("visit", "Visit"),
    ("wechat", "WeChat"),
    ("other", "Other"),
]

# Fields that only key-account managers may change (marking, tier, managers).
KAM_MANAGER_FIELDS = (
    "is_key_account",
    "kam_tier_id",
    "kam_manager_id",
    "kam_backup_manager_id",
    "kam_since",
)

# Fields of the archive: the account's manager, its backup or a key-account
# manager may change them.
KAM_ARCHIVE_FIELDS = (
    "kam_needs",
    "kam_preferences",
    "kam_preferred_channel",
    "kam_birthday",
)

# Relationship rhythm and health (communication log, revisits, health score,
# churn risk and lifecycle).
KAM_LIFECYCLE_STAGES = [
    ("new", "New Account"),
    ("growing", "Growing"),
    ("mature", "Mature"),
    ("dormant", "Dormant"),
    ("lost", "Lost"),
]

KAM_CHURN_RISKS = [
    ("low", "Low Risk"),
    ("medium", "Medium Risk"),
    ("high", "High Risk"),
]

# Fields of the rhythm and the health that only the engine writes (stored
# computes and SQL).
KAM_HEALTH_ENGINE_FIELDS = (
    "kam_last_interaction_date",
    "kam_next_visit_date",
    "kam_health_score",
    "kam_churn_risk",
    "kam_lifecycle_stage",
    "kam_health_components",
    "kam_health_date",
)


# Accounts per batch of the scores cron (a constant number of queries each:
# larger batches, fewer queries per account).
KAM_HEALTH_BATCH_SIZE = 2000

# Records per batch of the other scheduled jobs (revisit plan, service levels,
# greetings): each batch is committed in a cron run.
KAM_JOB_BATCH_SIZE = 200

# Revisit interval used when an account's tier has none.
KAM_DEFAULT_REVISIT_DAYS = 90


KAM_REFERRAL_TRIGGERS = [
    ("key_account", "Marked as key account"),
    ("first_sale", "First confirmed sale"),
]

# Months over which the qualifying points of the member level are counted.
KAM_LEVEL_MONTHS = 12

# Partner fields that only the points engine writes (by SQL or as superuser).
KAM_POINTS_ENGINE_FIELDS = ("kam_member_level_id", "kam_referral_awarded")

# Complaints and their service levels
KAM_COMPLAINT_STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("investigating", "Investigating"),
    ("waiting", "Waiting on Customer"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]

# States in which a complaint is still open (the health score counts them the
# same way: everything but resolved, closed and cancelled).
KAM_COMPLAINT_OPEN_STATES = ("new", "acknowledged", "investigating", "waiting")

# States in which the service-level clock runs.
KAM_COMPLAINT_RUNNING_STATES = ("new", "acknowledged", "investigating")

# Fields the workflow and the service-level engine set: only key-account
# managers may change them by hand (a user could otherwise hide a breach).
KAM_COMPLAINT_WORKFLOW_FIELDS = {
    "tier_id",
    "calendar_id",
    "first_response_target",
    "resolution_target",
    "sla_paused_hours",
    "waiting_since",
    "date_first_response",
    "date_resolved",
    "date_closed",
    "date_cancelled",
    "customer_confirmed",
    "confirmed_by_id",
    "reopen_count",
    "sla_warned_at",
    "sla_escalated_at",
}

# The workflow, in one place: action -> (states it may start from, new state).
# Any other move raises a UserError.
KAM_COMPLAINT_TRANSITIONS = {
    "acknowledge": (("new",), "acknowledged"),
    "investigate": (("acknowledged", "waiting"), "investigating"),
    "wait": (("investigating",), "waiting"),
    "resolve": (("acknowledged", "investigating"), "resolved"),
    "close": (("resolved",), "closed"),
    "reopen": (("resolved", "closed"), "investigating"),
    "cancel": (("new", "acknowledged", "investigating", "waiting"), "cancelled"),
}

KAM_SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]

# Kanban colour of each service-level status (Odoo colour indexes).
KAM_SLA_COLORS = {"on_track": 10, "at_risk": 2, "breached": 1, "met": 0}

KAM_SLA_FIELDS = [
    "first_response_deadline",
    "resolution_deadline",
    "sla_deadline",
    "sla_status",
    "response_time_hours",
    "resolution_time_hours",
]

# Default share of the target (in %) below which the time left is at risk.
KAM_SLA_AT_RISK_SHARE = 25

# Days of working time read beyond the latest date a batch needs; extended
# when a deadline falls further (long holidays, big targets).
KAM_SLA_HORIZON_DAYS = 45

# Default horizon (days) before which no complaint may be received.
KAM_COMPLAINT_MAX_AGE_DAYS = 366

# Longest period of working time read to place a deadline.
KAM_SLA_MAX_DAYS = 3 * 366

# Loyalty points ledger
# Points are stored with two decimals; the precision setting rounds to at
# most that many.


# Points are stored with two decimals; the precision setting rounds to at
# most that many.
KAM_POINTS_DIGITS = (16, 2)

# Most points one ledger line may move: far below what the column holds, so
# that no sum of lines overflows it.
KAM_POINTS_MAX = 1_000_000_000

KAM_POINTS_KINDS = [
    ("earn", "Earned"),
    ("redeem", "Redeemed"),
    ("expire", "Expired"),
    ("adjust", "Adjustment"),
]


# The settings (ir.config_parameter "key_account_mgmt.<name>") and their
# defaults, in one table: the settings screen (res.config.settings) and the one
# reader (res.partner._kam_get_param / _kam_get_setting) use it; addons add
# theirs through res.partner._kam_settings_defaults().
KAM_SETTINGS_DEFAULTS = {
    # Relationship rhythm and health score
    "health_weight_recency": 40,
    "health_weight_activities": 10,
    "health_weight_satisfaction": 20,
    "health_weight_complaints": 15,
    "health_weight_sla": 10,
    "health_weight_points": 5,
    "risk_high_below": 40,
    "risk_medium_below": 70,
    "lifecycle_new_months": 6,
    "lifecycle_mature_months": 24,
    "lifecycle_dormant_months": 6,
    "lifecycle_lost_months": 12,
    "revisit_lead_days": 7,
    # Complaints and service levels
    "complaint_at_risk_share": KAM_SLA_AT_RISK_SHARE,
    "complaint_max_age_days": KAM_COMPLAINT_MAX_AGE_DAYS,
    # Loyalty points and referrals
    "points_precision": 2,
    "points_validity_months": 24,
    "referral_points": 100,
    "referral_trigger": "key_account",
}
