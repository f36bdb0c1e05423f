"""`python -m exporter` runs the same command line as `lms-export`."""
from exporter.cli import main

if __name__ == "__main__":
    main()
