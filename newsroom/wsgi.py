"""WSGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.production")

application = get_wsgi_application()

# Every request leaves a little cyclic garbage (Django's request and the ORM's related-object caches refer to
# each other), so the collector runs every few requests, and a full collection walks everything the process
# ever loaded: Django, the apps, the templates, some 60,000 objects. That stopped a worker for 50 ms once every
# couple of thousand requests, which set the page's p99. Freezing what is loaded now leaves them out of every
# collection; with a preloading server it also keeps the workers' memory shared after the fork.
gc.freeze()
