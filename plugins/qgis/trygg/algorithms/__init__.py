"""Every Trygg algorithm, one per file. The provider lists those whose engine stages exist."""
ALGORITHMS = []
