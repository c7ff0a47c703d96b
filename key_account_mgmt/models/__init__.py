from . import kam_write_guard
from . import ir_cron
from . import kam_tier
from . import res_partner

# The health engine before the features that add their signals to it.
from . import res_partner_health
from . import res_partner_health_signals
from . import res_partner_lifecycle
from . import res_partner_revisit
from . import kam_interaction
from . import kam_interaction_chatter
from . import kam_care_occasion
from . import kam_care_occasion_greeting
from . import kam_care_greeting
from . import mail_activity_type
from . import mail_activity
from . import mail_message
from . import mail_template
from . import ir_qweb
from . import mail_thread
from . import res_config_settings

# Complaints and service levels (issue 3)
from . import resource_calendar
from . import kam_calendar_workday
from . import kam_complaint_category
from . import kam_complaint
from . import kam_complaint_workflow
from . import kam_complaint_sla
from . import kam_complaint_escalation
from . import kam_complaint_ui
from . import kam_complaint_report
from . import res_partner_complaint
from . import kam_points_line
from . import kam_points_line_posting
from . import kam_points_line_expiry
from . import kam_points_allocation
from . import kam_reward
from . import kam_member_level
from . import res_partner_points
from . import res_partner_points_entry
from . import res_partner_member_level
from . import res_partner_referral

# Analysis and reports (issue 15)
from . import kam_churn_reason
from . import res_partner_churn
from . import kam_health_snapshot
from . import kam_account_report
from . import kam_value_report
from . import kam_behaviour_report
from . import kam_satisfaction_report
from . import res_partner_ui

# Who sees what (issue 10)
from . import res_config_settings_access

# Customer worksheet, classification, duplicate check, archive upkeep (issue 14)
from . import res_partner_classification
from . import res_partner_duplicate
from . import res_partner_archive_review
from . import res_partner_worksheet
from . import res_config_settings_worksheet
