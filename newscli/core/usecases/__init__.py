"""One module (or package) per use case: each takes ready-built inputs and returns a typed report."""
