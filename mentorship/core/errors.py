"""The one error a service raises when a request cannot be carried out."""


class ServiceError(Exception):
    """A request that cannot be carried out; its message is translated (`_l`).

    Views catch it, flash `str(error)` and change nothing: the request rolls back.
    """
