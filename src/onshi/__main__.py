"""`python -m onshi` runs the `onshi` command."""

from onshi.cli.main import app

app()
