"""Transport-damage claims (运输损坏索赔, DOMAIN §12, 001 篇1 退换货 第四条): goods damaged or lost
on the way to a customer, claimed from the carrier for them and tracked to the result."""
