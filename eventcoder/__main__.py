"""``python -m eventcoder`` runs the command line (same as the ``eventcoder`` script)."""

from eventcoder.cli import main

if __name__ == "__main__":
    main()
