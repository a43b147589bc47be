"""The `onshi` command: the one place that wires parties together."""
