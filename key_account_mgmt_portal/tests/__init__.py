from . import test_portal_access
from . import test_portal_complaint
from . import test_portal_points
from . import test_portal_tour
from . import test_portal_statement_report
