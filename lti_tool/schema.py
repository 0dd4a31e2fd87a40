"""Every table of the tool in one metadata: importing this module imports every model module, which Alembic
(``fieldschool db upgrade``, the migrations' autogenerate) and ``db.create_all`` need. The app factory imports it.

Model modules import only :mod:`lti_tool.extensions` and :mod:`lti_tool.models` (the bottom), never this module, so
the models form no import circle.
"""

from __future__ import annotations

from . import activity_models, models
from .grades import models as grades_models
from .library import models as library_models
from .ops import models as ops_models
from .organisations import models as organisations_models
from .peer import models as peer_models

MODEL_MODULES = (models, activity_models, grades_models, library_models, ops_models, organisations_models,
                 peer_models)
