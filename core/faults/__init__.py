"""Major-fault reports (重大故障报告, DOMAIN §12, 003 篇3 七): the first report at once, the
management informed and tracking, the fault analysis that goes to the customer."""
