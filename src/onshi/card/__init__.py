"""The My Number card: a virtual card speaking ISO 7816-4, and the readers that reach it."""
