"""The command line: the Typer app, its options, one module per command, and the renderers."""
