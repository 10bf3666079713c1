"""The articles folder as a whole: finding the files, reading many on both cores, the metadata cache,
completion's slug index, and finding the article a user named."""
