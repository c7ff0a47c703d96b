from . import test_survey_answer
from . import test_survey_scores
from . import test_survey_campaign
from . import test_survey_access
from . import test_survey_views
from . import test_jobs_resumable
