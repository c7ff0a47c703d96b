from . import kam_survey_send_wizard
from . import kam_survey_print_wizard
from . import base_partner_merge_automatic_wizard
