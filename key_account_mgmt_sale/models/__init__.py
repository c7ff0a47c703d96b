from . import kam_tier
from . import kam_points_line
from . import res_partner
from . import sale_order
from . import account_move
from . import res_config_settings
from . import res_partner_ui
