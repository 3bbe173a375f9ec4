"""Front-end views of the business app, mounted in portal/urls.py under i18n_patterns."""

urlpatterns = []
