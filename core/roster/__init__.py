"""Holiday duty roster and staff leave (DOMAIN §12, 003 篇3 八 节假日服务保障, 003 篇1 请假制度):
who is on duty each statutory holiday, who asked leave and who approved it, and who is therefore
not available for dispatch on a given day."""
