"""Reading one article file: the safe read, the front matter and its TOML, the checked article."""
