"""``python -m tidings`` runs the CLI."""

from tidings.cli import main

if __name__ == "__main__":
    main()
