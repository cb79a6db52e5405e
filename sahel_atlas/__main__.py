from sahel_atlas.cli import main

raise SystemExit(main())
