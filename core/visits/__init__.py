"""Service visits of DOMAIN §12: residential projects revisited twice a year while under warranty
(001 篇2 二), seasonal inspection visits every summer and winter (004 1.3) and the December New Year
campaign (003 篇3 三)."""
