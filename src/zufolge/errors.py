"""Errors that describe bad input. They are reported in one line and never stop a batch."""


class InputError(Exception):
    """The input cannot be turned into an article (empty, binary, no body, …).

    The message is shown to the user as is: say what is wrong, not where in our code.
    """
