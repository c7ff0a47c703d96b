from . import kam_tier
from . import res_partner
