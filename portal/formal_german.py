"""Formal German ("Sie") for library texts that address users as "du".

Django REST framework, django-allauth and django-otp ship German catalogues in the
informal "du"; German administration writes "Sie". REST framework's catalogue even
replaces Django's own field errors ("Gib eine gültige E-Mail Adresse an."). These
msgids are listed here so that ``makemessages`` keeps them in the portal catalogue,
which Django consults first (``portal`` leads ``INSTALLED_APPS``). The test
``tests/portal/test_formal_german.py`` finds any new informal text.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

FORMAL_GERMAN = [
    gettext_noop(
        "Ensure that there are no more than {max_decimal_places} decimal places."
    ),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop(
        "Ensure that there are no more than {max_whole_digits} digits before the decimal point."
    ),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop(
        "Ensure this filename has at most {max_length} characters (it has {length})."
    ),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop(
        'Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'
    ),
    gettext_noop(
        'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'
    ),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("%(client_name)s wants to access your %(site_name)s account."),
    gettext_noop(
        "A list of allowed grant types. Provide one value per line, e.g.: authorization_code(ENTER)client_credentials(ENTER)refresh_token(ENTER)"
    ),
    gettext_noop(
        "A list of allowed response types. Provide one value per line, e.g.: code(ENTER)id_token token(ENTER)"
    ),
    gettext_noop(
        "An account already exists with this email address. Please sign in to that account first, then connect your %s account."
    ),
    gettext_noop("Authorization for your %(client_name)s device has been denied."),
    gettext_noop("Enter the code displayed on your device."),
    gettext_noop(
        "In case the client does not specify any scope, these default scopes are used. Provide one value per line, e.g.: openid(ENTER)profile(ENTER)email(ENTER)"
    ),
    gettext_noop(
        "Please confirm the code shown on your %(client_name)s to authorize this device."
    ),
    gettext_noop(
        "The scope(s) the client is allowed to request. Provide one value per line, e.g.: openid(ENTER)profile(ENTER)email(ENTER)"
    ),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("View your basic profile information"),
    gettext_noop("View your email address"),
    gettext_noop("View your user ID"),
    gettext_noop(
        "You are about to connect a new third-party account from %(provider)s."
    ),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
    gettext_noop(
        "You are about to generate a new set of recovery codes for your account."
    ),
    gettext_noop(
        "You are about to sign in using a third-party account from %(provider)s."
    ),
    gettext_noop(
        "You are about to use your %(provider_name)s account to login to\n%(site_name)s. As a final step, please complete the following form:"
    ),
    gettext_noop(
        'You decided to cancel logging in to our site using one of your existing accounts. If this was a mistake, please proceed to <a href="%(login_url)s">sign in</a>.'
    ),
    gettext_noop("You successfully authorized your %(client_name)s device."),
    gettext_noop("Your phone number is still pending verification."),
    gettext_noop("Forgotten your password or username?"),
    gettext_noop("Invalid token. Please make sure you have entered it correctly."),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. Would you like to login to a different account?"
    ),
]

# django-allauth's login page said "Anmeldung" three times (title and heading,
# field label, button): a verb for the action, a plain label for the field.
LOGIN_WORDING = [
    gettext_noop("Sign In"),
    gettext_noop("Login"),
    pgettext_lazy("field label", "Login"),
]
