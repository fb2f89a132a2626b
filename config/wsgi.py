import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Everything loaded at start-up lives as long as the worker: move it out of the collector's
# reach, so a full collection during a request does not walk every module, URL and template.
gc.freeze()
