"""The rules of SPEC.md as pure functions: the config, durations and time zones, staleness and
archiving, tags, the template's placeholder text, who is making a change."""
