from . import kam_account_printout
from . import kam_points_statement_report
from . import kam_profile_report
