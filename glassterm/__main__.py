from glassterm.cli import main

raise SystemExit(main())
