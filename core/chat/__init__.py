"""Online chat (在线): a ticket's transcript and the greeting and answer times it is measured by
(DOMAIN §1 SLA defaults, 003 篇4)."""
