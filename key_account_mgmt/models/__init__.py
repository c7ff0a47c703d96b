from . import kam_tier
from . import res_partner
from . import kam_interaction
from . import kam_care_occasion
from . import kam_care_greeting
from . import mail_activity_type
from . import mail_activity
from . import res_config_settings

# Complaints and service levels (issue 3)
from . import resource_calendar
from . import kam_calendar_workday
from . import kam_complaint_category
from . import kam_complaint
from . import kam_complaint_report
from . import kam_points_line
from . import kam_points_allocation
from . import kam_reward
from . import kam_member_level
from . import res_partner_points

# Customer worksheet, classification, duplicate check, archive upkeep (issue 14)
from . import res_partner_classification
from . import res_partner_duplicate
from . import res_partner_archive_review
from . import res_partner_worksheet
from . import res_config_settings_worksheet
