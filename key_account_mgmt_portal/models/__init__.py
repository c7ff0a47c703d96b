from . import kam_complaint
from . import res_partner
