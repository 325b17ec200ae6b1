"""``python -m liuzhang.cli`` runs the command line (as the ``liuzhang`` script does)."""

from liuzhang.cli.app import main

main()
