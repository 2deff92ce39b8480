from arsip.cli import main

main()
