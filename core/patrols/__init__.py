"""Quality patrols and service research (质量巡检、服务调研, DOMAIN §12, 003 篇3 10.1.1 and
10.1.3): visits to a customer, their findings handed over and followed up; visit logs are secret
records (DOMAIN §5, 003 篇6 §五)."""
