from . import test_key_account
from . import test_access
from . import test_reassign_wizard
from . import test_performance
from . import test_interaction
from . import test_revisit
from . import test_care
from . import test_health
