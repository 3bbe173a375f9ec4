"""Demo content of the home app.

The content and legal pages are data: ``home/demo/pages.yaml`` (loaded by
``portal.demo_loader`` before this module). The news section follows here.
"""

from home import demo_news


def load(demo):
    demo_news.load(demo)
