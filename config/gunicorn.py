"""gunicorn hooks of the production server (docker/entrypoint.sh and benchmarks/load.py pass
`--config config/gunicorn.py`; workers, binding and timeouts stay on their command lines)."""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Move everything loaded so far (Django, the apps, the URL resolver) out of the garbage
    collector's sight: it lives as long as the worker, and full collections then only walk what
    requests allocated, not the whole framework each time."""
    gc.collect()
    gc.freeze()
