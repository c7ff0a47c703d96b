from . import kam_survey_send_wizard
from . import kam_survey_print_wizard
