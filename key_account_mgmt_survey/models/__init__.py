from . import kam_tier
from . import survey_survey
from . import survey_question
from . import survey_user_input
from . import kam_survey_invitation
from . import kam_survey_report
from . import res_partner_survey
from . import res_config_settings
