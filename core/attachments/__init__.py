"""Files attached to tickets (photos of faults, the scan of a signed feedback form): checked by
their content, kept through a storage interface (:mod:`core.attachments.storage`, local disk by
default), counted against the tenant's storage quota, served only inside the tenant."""
