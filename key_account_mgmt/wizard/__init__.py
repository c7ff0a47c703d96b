from . import kam_reassign_wizard
from . import kam_china_holidays_wizard
