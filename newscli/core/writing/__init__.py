"""Every write: the one durable write, front-matter keys changed byte for byte, TOML in the sample's
style, and the locks that make "check, then write" one step."""
