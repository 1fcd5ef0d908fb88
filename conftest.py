"""Repository-level pytest configuration.

litellm downloads its model cost map at import unless told to use the bundled
copy; tests and sessions here are offline, so the bundled copy is always used.
"""

from __future__ import annotations

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
