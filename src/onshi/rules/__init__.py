"""Pure domain rules of online eligibility confirmation: numbers, ratios, limits, eras."""
