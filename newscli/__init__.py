"""newscli: news articles as Markdown files with TOML front matter, kept publishable."""

__version__ = "0.1.0"
