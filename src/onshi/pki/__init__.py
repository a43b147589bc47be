"""The certification authority behind the cards (公的個人認証, run by J-LIS in the real world)."""
