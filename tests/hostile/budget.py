"""What the hostile suite allows any one request, whatever its input."""

REQUEST_SECONDS = 10.0  # no input may keep one request longer (the slowest seen is far below)
