"""Front-end views of the consultations app, mounted in portal/urls.py under i18n_patterns."""

urlpatterns = []
