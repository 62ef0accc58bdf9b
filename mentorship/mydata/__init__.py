"""Her own data: download everything, or erase her account."""
