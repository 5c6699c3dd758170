"""Satisfaction questionnaires (满意度调查表, DOMAIN §12, 003 篇3 10.1.2): answers by channel over
the five areas of the service, and their results per period."""
