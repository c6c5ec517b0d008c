"""Task packages: the native format, Kattis packages, normalisation, import and verification."""
