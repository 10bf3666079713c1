"""The core: the article format, config, rules, the folder, archiving, editing and the cache.

Plain functions over plain data; nothing here prints or exits.
"""
