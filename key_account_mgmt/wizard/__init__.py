from . import kam_reassign_wizard
from . import kam_china_holidays_wizard
from . import kam_points_redeem_wizard
from . import kam_points_adjust_wizard
from . import base_partner_merge_automatic_wizard
from . import kam_lost_wizard
from . import kam_worksheet_line
