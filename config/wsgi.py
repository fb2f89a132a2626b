import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Everything loaded at start-up lives as long as the worker: load what the first search would
# (the analyzer's tables, the lexicon), then move it all out of the collector's reach, so a full
# collection during a request does not walk every module, URL, template and lexicon entry.
from apps.search.selectors import warm_up  # noqa: E402 - needs the app registry set up above

warm_up()
gc.collect()
gc.freeze()
