"""Front-end views of the services app, mounted in portal/urls.py under i18n_patterns."""

urlpatterns = []
