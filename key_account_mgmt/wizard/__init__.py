from . import kam_reassign_wizard
