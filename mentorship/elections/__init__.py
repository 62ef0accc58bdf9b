"""Elections of the Steering Committee: the count (`stv`), later the web part."""
