"""The Discord front: the only package that imports discord."""
