from articlemap.cli import main

raise SystemExit(main())
