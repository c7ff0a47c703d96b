from . import test_revenue
from . import test_grade
from . import test_settings
from . import test_points
from . import test_performance
from . import test_views
from . import test_profile_report
from . import test_security
