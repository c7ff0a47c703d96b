from . import portal
from . import portal_complaint
from . import portal_points
