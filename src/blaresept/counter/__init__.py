"""The pharmacy counter at the edge: dispensings stored with their lines and explanations, the person's
yearly copay ledger and frikort, returns, settlement of refunds, and the pharmacies' claims to Helfo."""
