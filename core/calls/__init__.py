"""Answer within three rings (三声内接听, DOMAIN §12, 003 篇6): inbound call records from a
telephony system, and the share answered within three rings."""
