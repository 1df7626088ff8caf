"""Staff accounts: two-factor authentication (django-otp) in Wagtail's admin, required by a site setting."""
